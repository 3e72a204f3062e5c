/* Build (from a configured tree with libzip and libxml2): clang -g -O1 -fsanitize=fuzzer,address,undefined -DHAVE_CONFIG_H -I. -Iinclude $(pkg-config --cflags libxml-2.0 libzip) fuzz/fuzz_docx.c src/fmt.c src/fmt_out.c src/fmt_zip.c src/fmt_num.c src/fmt_docx.c src/fmt_ofd.c src/fmt_html.c src/fmt_layout.c src/fmt_pdf.c src/fmt_run.c src/enc.c src/utf8.c src/util.c $(pkg-config --libs libxml-2.0 libzip) -lz -o fuzz_docx && ./fuzz_docx -max_total_time=60 CORPUS_DIR */
/* fuzz_docx.c - untrusted bytes as a .docx or an OFD file (both zips of
 * XML): never a crash or a leak, and what comes out is the text form fmt.h
 * promises: valid UTF-8, no control characters but TAB and LF, no line
 * with blanks at either end. The first byte chooses: odd, the rest is the
 * .docx itself (the zip layer); 2 or 6 (mod 8), the rest is OFD.xml, the
 * Document.xml and a page's Content.xml separated by NUL bytes; else
 * word/document.xml, numbering.xml and styles.xml. Those parts are zipped
 * here: random zips rarely get past the CRC to the XML, where the work is. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "luoshi/fmt.h"
#include "luoshi/utf8.h"
#include "luoshi/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void le16(struct sbuf *b, unsigned v)
{
	char x[2] = {(char)(v & 0xFF), (char)(v >> 8)};
	sbuf_add(b, x, 2);
}

static void le32(struct sbuf *b, unsigned long v)
{
	le16(b, (unsigned)(v & 0xFFFF));
	le16(b, (unsigned)(v >> 16));
}

struct member {
	const char *name;
	const uint8_t *data;
	size_t len;
	size_t at; /* offset of its local header */
	unsigned long crc;
};

/* A zip of stored members (no compression): local headers, then the
 * central directory. */
static void zip_stored(struct member *m, size_t n, struct sbuf *z)
{
	for (size_t i = 0; i < n; i++) {
		m[i].at = z->len;
		m[i].crc = crc32(0, m[i].data, (uInt)m[i].len);
		le32(z, 0x04034b50), le16(z, 20), le16(z, 0), le16(z, 0), le16(z, 0), le16(z, 0);
		le32(z, m[i].crc), le32(z, m[i].len), le32(z, m[i].len);
		le16(z, (unsigned)strlen(m[i].name)), le16(z, 0);
		sbuf_adds(z, m[i].name);
		sbuf_add(z, (const char *)m[i].data, m[i].len);
	}
	size_t cd = z->len;
	for (size_t i = 0; i < n; i++) {
		le32(z, 0x02014b50), le16(z, 20), le16(z, 20), le16(z, 0), le16(z, 0), le16(z, 0);
		le16(z, 0), le32(z, m[i].crc), le32(z, m[i].len), le32(z, m[i].len);
		le16(z, (unsigned)strlen(m[i].name)), le16(z, 0), le16(z, 0), le16(z, 0), le16(z, 0);
		le32(z, 0), le32(z, m[i].at);
		sbuf_adds(z, m[i].name);
	}
	le32(z, 0x06054b50), le16(z, 0), le16(z, 0), le16(z, (unsigned)n), le16(z, (unsigned)n);
	le32(z, z->len - cd), le32(z, cd), le16(z, 0);
}

/* Split data at NUL bytes into up to three XML parts and zip them. */
static void make_zip(const uint8_t *data, size_t size, const char *const names[3], struct sbuf *z)
{
	struct member m[3];
	size_t n = 0, start = 0;
	for (size_t i = 0; i <= size && n < 3; i++)
		if (i == size || data[i] == 0) {
			m[n] = (struct member){names[n], data + start, i - start, 0, 0};
			n++;
			start = i + 1;
		}
	zip_stored(m, n, z);
}

static void check_text(const char *s, size_t n)
{
	if (strlen(s) != n || utf8_check(s, n) != (size_t)-1)
		abort();
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F)
			abort();
		if (c == ' ' && (i + 1 == n || s[i + 1] == '\n' || i == 0 || s[i - 1] == '\n'))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text;
	size_t len;
	static const char *const docx[] = {"word/document.xml", "word/numbering.xml",
					   "word/styles.xml"};
	static const char *const ofd[] = {"OFD.xml", "Doc_0/Document.xml",
					  "Doc_0/Pages/Page_0/Content.xml"};
	struct sbuf z = SBUF_INIT;
	int is_ofd = size && (data[0] & 3) == 2;
	if (size && !(data[0] & 1))
		make_zip(data + 1, size - 1, is_ofd ? ofd : docx, &z);
	else if (size)
		sbuf_add(&z, (const char *)data + 1, size - 1);
	const uint8_t *zb = (const uint8_t *)(z.s ? z.s : "");
	enum lu_status st = is_ofd ? fmt_ofd_text("fuzz.ofd", zb, z.len, &text, &len)
				   : fmt_docx_text("fuzz.docx", zb, z.len, &text, &len);
	if (st == LU_OK) {
		check_text(text, len);
		free(text);
	}
	sbuf_free(&z);
	return 0;
}
