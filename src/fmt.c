/* fmt.c - tell a document's format by its content (not by its name), hand it
 * to its reader, and say clearly what a file luoshi cannot read is. */
#include "config.h"
#include "luoshi/fmt.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fmt_impl.h"

/* Bytes read to tell the format: an OLE2 directory or an HTML head is in
 * here, and a text file is not read twice in full. */
#define HEAD 65536

#define FMT_KIND_NAME(name, str) str,
static const char *const kind_names[] = {FMT_KIND_LIST(FMT_KIND_NAME)};
#undef FMT_KIND_NAME

const char *fmt_kind_name(enum fmt_kind k)
{
	return (unsigned)k < FMT_KIND_COUNT ? kind_names[k] : "text";
}

int fmt_parse_name(const char *name)
{
	if (strcasecmp(name, "txt") == 0)
		return FMT_TEXT;
	if (strcasecmp(name, "htm") == 0)
		return FMT_HTML;
	for (int k = 0; k < FMT_KIND_COUNT; k++)
		if (strcasecmp(name, kind_names[k]) == 0)
			return k;
	return -1;
}

static int has_magic(const unsigned char *buf, size_t n, const char *magic, size_t len)
{
	return n >= len && memcmp(buf, magic, len) == 0;
}

static int is_zip(const unsigned char *buf, size_t n)
{
	return has_magic(buf, n, "PK\3\4", 4);
}

/* The first bytes as lower-case ASCII without NULs and past a BOM, so that
 * UTF-16 markup reads as markup too. */
static size_t probe(const unsigned char *buf, size_t n, char *out, size_t cap)
{
	size_t o = 0, i = has_magic(buf, n, "\xEF\xBB\xBF", 3) ? 3 : 0;
	if (has_magic(buf, n, "\xFF\xFE", 2) || has_magic(buf, n, "\xFE\xFF", 2))
		i = 2;
	for (; i < n && o + 1 < cap; i++) {
		unsigned char c = buf[i];
		if (c)
			out[o++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
	}
	out[o] = '\0';
	return o;
}

/* Markup: the first thing past white space is a tag, and a tag that only a
 * web page has comes early. */
static int is_html(const char *p)
{
	static const char *const tags[] = {"<html", "<!doctype html", "<head", "<body", "<meta",
					   "<title", "<div", "<p>", "<p ", "<table", "<br"};
	p += strspn(p, " \t\r\n\f");
	if (p[0] != '<' || !(p[1] == '!' || p[1] == '?' || (p[1] >= 'a' && p[1] <= 'z')))
		return 0;
	for (size_t i = 0; i < ARRAY_SIZE(tags); i++)
		if (strstr(p, tags[i]))
			return 1;
	return 0;
}

static int find_bytes(const unsigned char *buf, size_t n, const char *s)
{
	return memmem(buf, n, s, strlen(s)) != NULL;
}

enum fmt_kind fmt_sniff(const unsigned char *buf, size_t n)
{
	char p[4096];
	if (memmem(buf, n < 1024 ? n : 1024, "%PDF-", 5))
		return FMT_PDF;
	if (is_zip(buf, n))
		return find_bytes(buf, n, "OFD.xml") && !find_bytes(buf, n, "word/document.xml")
			       ? FMT_OFD
			       : FMT_DOCX;
	probe(buf, n, p, sizeof p);
	return is_html(p) ? FMT_HTML : FMT_TEXT;
}

/* What a zip that is neither a .docx nor an OFD file is, or NULL. */
static const char *other_zip(const unsigned char *buf, size_t n)
{
	return find_bytes(buf, n, "xl/workbook")	     ? "an Excel workbook (.xlsx)"
	       : find_bytes(buf, n, "ppt/presentation") ? "a PowerPoint file (.pptx)"
	       : find_bytes(buf, n, "opendocument.text") ? "an OpenDocument text (.odt)"
						      : NULL;
}

/* Members of a zip are named in plain bytes in its headers: a Word file has
 * word/document.xml (or another main part its _rels/.rels names), an OFD
 * file OFD.xml. FMT_AUTO: neither. */
static enum fmt_kind zip_kind(const unsigned char *buf, size_t n)
{
	if (find_bytes(buf, n, "word/document.xml"))
		return FMT_DOCX;
	if (find_bytes(buf, n, "OFD.xml"))
		return FMT_OFD;
	if (find_bytes(buf, n, "_rels/.rels") && !other_zip(buf, n))
		return FMT_DOCX;
	return FMT_AUTO;
}

static const char *suffix(const char *path)
{
	const char *slash = strrchr(path, '/'), *dot = strrchr(path, '.');
	return dot && (!slash || dot > slash) ? dot + 1 : "";
}

/* An OLE2 compound file: Word 97-2003, WPS, Excel, PowerPoint, or a .docx
 * with a password (Office encrypts it into this container). Stream names
 * are UTF-16LE in its directory. */
static enum lu_status ole_refusal(const char *path, const unsigned char *buf, size_t n)
{
	static const char enc[] = "E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0";
	const char *ext = suffix(path);
	if (memmem(buf, n, enc, sizeof enc - 1))
		return lu_error(LU_ERR,
				"%s is protected by a password: open it in Word or WPS, remove the "
				"password and save it again as .docx",
				path);
	const char *what = strcasecmp(ext, "wps") == 0   ? "a WPS document (.wps)"
			   : strcasecmp(ext, "doc") == 0 ? "a Word 97-2003 document (.doc)"
			   : strcasecmp(ext, "xls") == 0 || strcasecmp(ext, "et") == 0
				   ? "a spreadsheet in the old Excel or WPS format"
				   : "a document in an old Office format (.doc, .wps, .xls or .ppt)";
	return lu_error(LU_ERR,
			"%s is %s, which luoshi cannot read: save it as .docx in Word or WPS "
			"(or run: libreoffice --headless --convert-to docx FILE) and import that",
			path, what);
}

static enum lu_status zip_refusal(const char *path, const unsigned char *buf, size_t n)
{
	const char *what = other_zip(buf, n);
	return lu_error(LU_ERR,
			"%s is %s: luoshi reads .docx, .ofd, .pdf, web pages and text; save the "
			"document in one of those formats",
			path, what ? what : "a zip archive, not a Word (.docx) or OFD file");
}

static const char *image_kind(const unsigned char *buf, size_t n)
{
	if (has_magic(buf, n, "\x89PNG", 4))
		return "PNG";
	if (has_magic(buf, n, "\xFF\xD8\xFF", 3))
		return "JPEG";
	if (has_magic(buf, n, "GIF8", 4))
		return "GIF";
	if (has_magic(buf, n, "II*\0", 4) || has_magic(buf, n, "MM\0*", 4))
		return "TIFF";
	if (has_magic(buf, n, "RIFF", 4) && n >= 12 && memcmp(buf + 8, "WEBP", 4) == 0)
		return "WebP";
	return NULL;
}

static const char *archive_kind(const unsigned char *buf, size_t n)
{
	if (has_magic(buf, n, "\x1F\x8B", 2))
		return "gzip";
	if (has_magic(buf, n, "7z\xBC\xAF\x27\x1C", 6))
		return "7-Zip";
	if (has_magic(buf, n, "Rar!\x1A\x07", 6))
		return "RAR";
	return NULL;
}

enum lu_status fmt_refusal(const char *path, const unsigned char *buf, size_t n)
{
	char p[512];
	const char *what;
	if (has_magic(buf, n, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))
		return ole_refusal(path, buf, n);
	if ((what = image_kind(buf, n)))
		return lu_error(LU_ERR,
				"%s is a %s image, not text: run it through OCR (e.g. tesseract "
				"FILE out -l chi_sim) and import the text",
				path, what);
	if ((what = archive_kind(buf, n)))
		return lu_error(LU_ERR, "%s is a %s archive: unpack it and import the document in it",
				path, what);
	if (has_magic(buf, n, "{\\rtf", 5))
		return lu_error(LU_ERR,
				"%s is a Rich Text (.rtf) file, which luoshi cannot read: save it "
				"as .docx or as text and import that",
				path);
	probe(buf, n, p, sizeof p);
	if (strncmp(p, "mime-version:", 13) == 0 || strstr(p, "multipart/related"))
		return lu_error(LU_ERR,
				"%s is a web archive (.mht), which luoshi cannot read: open it in "
				"a browser and save it as \"Web page, HTML only\"",
				path);
	return LU_OK;
}

/* The first bytes of a regular file; 0 (nothing) when it cannot be read,
 * and the text reader then says why. */
static size_t read_head(const char *path, unsigned char *buf, size_t cap)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	size_t n = 0;
	if (fd < 0)
		return 0;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
		while (n < cap) {
			ssize_t r = read(fd, buf + n, cap - n);
			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0)
				break;
			n += (size_t)r;
		}
	}
	close(fd);
	return n;
}

/* A web page larger than this is not a document (its tree would take ten
 * times as much memory); a .docx or OFD file may carry large images, and
 * its XML parts have their own limit (fmt_zip.c). */
#define PAGE_MAX ((size_t)64 << 20)

/* A reader of bytes in memory, for the kinds read whole. */
static enum lu_status read_memory(const char *path, enum fmt_kind kind, int sniffed,
				  const char *force_enc, char label[ENC_NAME_MAX], char **text,
				  size_t *len)
{
	char *data;
	size_t n;
	enum lu_status st = lu_read_file(path, &data, &n);
	if (st != LU_OK)
		return st;
	const unsigned char *buf = (const unsigned char *)data;
	if (sniffed && (kind == FMT_DOCX || kind == FMT_OFD)) {
		kind = zip_kind(buf, n);
		if (kind == FMT_AUTO)
			st = zip_refusal(path, buf, n);
	}
	if (st == LU_OK && kind == FMT_HTML && n > PAGE_MAX) {
		st = lu_error(LU_IO, "%s is too large for a web page (%zu MB; the limit is %zu MB)", path,
			      (n + (1 << 20) - 1) >> 20, PAGE_MAX >> 20);
	} else if (st == LU_OK && kind == FMT_HTML) {
		st = fmt_html_text(path, buf, n, force_enc, label, text, len);
	} else if (st == LU_OK) {
		snprintf(label, ENC_NAME_MAX, "%s", fmt_kind_name(kind));
		st = kind == FMT_DOCX ? fmt_docx_text(path, buf, n, text, len)
				      : fmt_ofd_text(path, buf, n, text, len);
	}
	free(data);
	return st;
}

enum lu_status fmt_tell(const char *path, enum fmt_kind kind, enum fmt_kind *out)
{
	*out = kind;
	if (kind != FMT_AUTO)
		return LU_OK;
	unsigned char *head = xmalloc(HEAD);
	size_t n = read_head(path, head, HEAD);
	enum lu_status st = fmt_refusal(path, head, n);
	*out = fmt_sniff(head, n);
	free(head);
	return st;
}

enum lu_status fmt_read_file(const char *path, enum fmt_kind kind, const char *force_enc,
			     char label[ENC_NAME_MAX], char **text, size_t *len)
{
	int sniffed = kind == FMT_AUTO;
	enum lu_status st = fmt_tell(path, kind, &kind);
	if (st != LU_OK)
		return st;
	if (kind == FMT_TEXT)
		return enc_read_file(path, force_enc, label, text, len);
	if (kind == FMT_PDF) {
		snprintf(label, ENC_NAME_MAX, "pdf");
		st = fmt_pdf_text(path, text, len);
	} else {
		st = read_memory(path, kind, sniffed, force_enc, label, text, len);
	}
	if (st == LU_OK && fmt_blank(*text, *len)) {
		free(*text);
		*text = NULL;
		return lu_error(LU_ENCODING, "%s contains no text", path);
	}
	return st;
}

/* Built without the libraries: the file is recognised, and the sentence
 * says what this luoshi lacks. */
#ifndef HAVE_LIBXML2
enum lu_status fmt_html_text(const char *name, const unsigned char *buf, size_t n,
			     const char *force_enc, char label[ENC_NAME_MAX], char **text,
			     size_t *len)
{
	return lu_error(LU_ERR,
			"%s is a web page, but this luoshi was built without libxml2 (rebuild "
			"it with libxml2-dev installed, or save the page as text)",
			name);
}
#endif

#ifndef HAVE_DOCX
static enum lu_status no_zip(const char *name, const char *what)
{
	return lu_error(LU_ERR,
			"%s is %s, but this luoshi was built without libzip and libxml2 "
			"(rebuild it with libzip-dev and libxml2-dev installed, or save the "
			"document as text)",
			name, what);
}

enum lu_status fmt_docx_text(const char *name, const unsigned char *buf, size_t n, char **text,
			     size_t *len)
{
	return no_zip(name, "a Word (.docx) document");
}

enum lu_status fmt_ofd_text(const char *name, const unsigned char *buf, size_t n, char **text,
			    size_t *len)
{
	return no_zip(name, "an OFD document");
}
#endif
