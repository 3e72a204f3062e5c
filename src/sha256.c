/* sha256.c - FIPS 180-4 SHA-256, compact, for duplicate detection of
 * imported documents (a 100 MB import hashes its text once). */
#include "config.h"
#include "luoshi/sha256.h"

#include <stdint.h>
#include <string.h>

struct sha256 {
	uint32_t h[8];
	uint64_t len;
	unsigned char buf[64];
	size_t nbuf;
	int plain; /* never the SHA instructions (tests) */
};

static const uint32_t K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
	0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
	0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
	0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
	0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
	0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
	0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
	0xc67178f2,
};

static inline uint32_t ror(uint32_t x, int n)
{
	return (x >> n) | (x << (32 - n));
}

static void sha256_block(struct sha256 *c, const unsigned char *p)
{
	uint32_t w[64];
	for (int i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		       (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
	for (int i = 16; i < 64; i++) {
		uint32_t s0 = ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^ (w[i - 15] >> 3);
		uint32_t s1 = ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^ (w[i - 2] >> 10);
		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	/* the eight working variables in registers: shifting an array of
	 * them each round was a call to memmove, 64 per block, about a tenth
	 * of an import with --no-tasks (measured with perf) */
	uint32_t a = c->h[0], b = c->h[1], cc = c->h[2], d = c->h[3];
	uint32_t e = c->h[4], f = c->h[5], g = c->h[6], h = c->h[7];
	for (int i = 0; i < 64; i++) {
		uint32_t t1 = h + (ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)) + ((e & f) ^ (~e & g)) +
			      K[i] + w[i];
		uint32_t t2 = (ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)) + ((a & b) ^ (a & cc) ^ (b & cc));
		h = g, g = f, f = e, e = d + t1;
		d = cc, cc = b, b = a, a = t1 + t2;
	}
	const uint32_t s[8] = {a, b, cc, d, e, f, g, h};
	for (int i = 0; i < 8; i++)
		c->h[i] += s[i];
}

/* ---- the processor's SHA instructions (x86-64 SHA extensions) ---- */

/* Every node of every imported document is hashed (duplicate and
 * --replace detection): the instructions do a block in a fraction of the
 * portable code's time. Chosen once per process from CPUID; the digest is
 * the same either way (tests/test_db.c compares the two). */
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && defined(__has_include)
#if __has_include(<immintrin.h>) && __has_include(<cpuid.h>)
#define SHA256_NI 1
#endif
#endif

#ifdef SHA256_NI
#include <cpuid.h>
#include <immintrin.h>

#define NI_TARGET __attribute__((target("sha,sse4.1,ssse3")))

/* Four new words of the message schedule from the sixteen before them. */
NI_TARGET static inline __m128i ni_schedule(__m128i w0, __m128i w1, __m128i w2, __m128i w3)
{
	__m128i t = _mm_add_epi32(_mm_sha256msg1_epu32(w0, w1), _mm_alignr_epi8(w3, w2, 4));
	return _mm_sha256msg2_epu32(t, w3);
}

/* The block's 64 rounds: the state is held as ABEF and CDGH, as
 * sha256rnds2 takes it, and each instruction does two rounds. */
NI_TARGET static void ni_rounds(__m128i *abef, __m128i *cdgh, const unsigned char *p)
{
	const __m128i swap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
	__m128i w[4], s0 = *abef, s1 = *cdgh;
	for (int g = 0; g < 16; g++) {
		int a = g & 3;
		if (g < 4)
			w[a] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(const void *)(p + 16 * g)),
						swap);
		else
			w[a] = ni_schedule(w[a], w[(a + 1) & 3], w[(a + 2) & 3], w[(a + 3) & 3]);
		__m128i m = _mm_add_epi32(w[a], _mm_loadu_si128((const __m128i *)(const void *)&K[4 * g]));
		s1 = _mm_sha256rnds2_epu32(s1, s0, m);
		s0 = _mm_sha256rnds2_epu32(s0, s1, _mm_shuffle_epi32(m, 0x0E));
	}
	*abef = _mm_add_epi32(*abef, s0);
	*cdgh = _mm_add_epi32(*cdgh, s1);
}

NI_TARGET static void sha256_block_ni(uint32_t h[8], const unsigned char *p, size_t nblocks)
{
	__m128i dcba = _mm_loadu_si128((const __m128i *)(void *)&h[0]);
	__m128i hgfe = _mm_loadu_si128((const __m128i *)(void *)&h[4]);
	__m128i cdab = _mm_shuffle_epi32(dcba, 0xB1), efgh = _mm_shuffle_epi32(hgfe, 0x1B);
	__m128i abef = _mm_alignr_epi8(cdab, efgh, 8), cdgh = _mm_blend_epi16(efgh, cdab, 0xF0);
	for (size_t i = 0; i < nblocks; i++)
		ni_rounds(&abef, &cdgh, p + 64 * i);
	__m128i feba = _mm_shuffle_epi32(abef, 0x1B), dchg = _mm_shuffle_epi32(cdgh, 0xB1);
	_mm_storeu_si128((__m128i *)(void *)&h[0], _mm_blend_epi16(feba, dchg, 0xF0));
	_mm_storeu_si128((__m128i *)(void *)&h[4], _mm_alignr_epi8(dchg, feba, 8));
}

static int have_ni(void)
{
	static int known = -1;
	unsigned a, b, c, d;
	if (known < 0) {
		known = __get_cpuid(1, &a, &b, &c, &d) && (c & bit_SSE4_1) && (c & bit_SSSE3) &&
			__get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & bit_SHA);
	}
	return known;
}
#endif

/* nblocks blocks of 64 bytes; plain: never the SHA instructions. */
static void sha256_blocks(struct sha256 *c, const unsigned char *p, size_t nblocks, int plain)
{
#ifdef SHA256_NI
	if (!plain && have_ni()) {
		sha256_block_ni(c->h, p, nblocks);
		return;
	}
#else
	(void)plain;
#endif
	for (size_t i = 0; i < nblocks; i++)
		sha256_block(c, p + 64 * i);
}

static void sha256_init(struct sha256 *c, int plain)
{
	c->plain = plain;
	static const uint32_t iv[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
				       0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
	memcpy(c->h, iv, sizeof iv);
	c->len = 0;
	c->nbuf = 0;
}

static void sha256_update(struct sha256 *c, const unsigned char *p, size_t n)
{
	c->len += n;
	if (c->nbuf) {
		size_t k = 64 - c->nbuf < n ? 64 - c->nbuf : n;
		memcpy(c->buf + c->nbuf, p, k);
		c->nbuf += k;
		p += k;
		n -= k;
		if (c->nbuf < 64)
			return;
		sha256_blocks(c, c->buf, 1, c->plain);
		c->nbuf = 0;
	}
	sha256_blocks(c, p, n / 64, c->plain);
	p += n / 64 * 64;
	n %= 64;
	memcpy(c->buf, p, n);
	c->nbuf = n;
}

static void sha256_final(struct sha256 *c, unsigned char out[32])
{
	uint64_t bits = c->len * 8;
	unsigned char pad[72] = {0x80};
	size_t npad = (c->nbuf < 56 ? 56 : 120) - c->nbuf;
	for (int i = 0; i < 8; i++)
		pad[npad + (size_t)i] = (unsigned char)(bits >> (56 - 8 * i));
	sha256_update(c, pad, npad + 8);
	for (int i = 0; i < 8; i++) {
		out[4 * i] = (unsigned char)(c->h[i] >> 24);
		out[4 * i + 1] = (unsigned char)(c->h[i] >> 16);
		out[4 * i + 2] = (unsigned char)(c->h[i] >> 8);
		out[4 * i + 3] = (unsigned char)c->h[i];
	}
}

static void hex_digest(const void *data, size_t n, char out[65], int plain)
{
	static const char hex[] = "0123456789abcdef";
	struct sha256 c;
	unsigned char d[32];
	sha256_init(&c, plain);
	sha256_update(&c, data, n);
	sha256_final(&c, d);
	for (int i = 0; i < 32; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[64] = '\0';
}

void sha256_hex(const void *data, size_t n, char out[65])
{
	hex_digest(data, n, out, 0);
}

void sha256_hex_plain(const void *data, size_t n, char out[65])
{
	hex_digest(data, n, out, 1);
}

int sha256_accelerated(void)
{
#ifdef SHA256_NI
	return have_ni();
#else
	return 0;
#endif
}
