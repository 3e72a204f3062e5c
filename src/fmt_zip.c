/* fmt_zip.c - the members of a .docx or .ofd file: a zip read with libzip,
 * each XML part parsed with libxml2. A member is read up to a limit, so a
 * zip bomb is refused after MEMBER_MAX bytes rather than unpacked; an XML
 * part with a DTD is refused before libxml2 sees it, so no entity is ever
 * declared, let alone expanded a billion times. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>


#include "fmt_impl.h"
#include "fmt_lib.h"

/* An unpacked XML part larger than this is not a document (a 1,000-page
 * .docx has a word/document.xml of about 10 MB). */
#define MEMBER_MAX ((size_t)32 << 20)

enum lu_status fz_open(const char *name, const unsigned char *buf, size_t n, struct zip **z)
{
	zip_error_t err;
	zip_error_init(&err);
	zip_source_t *src = zip_source_buffer_create(buf, n, 0, &err);
	*z = src ? zip_open_from_source(src, ZIP_RDONLY, &err) : NULL;
	if (!*z) {
		if (src)
			zip_source_free(src);
		zip_error_fini(&err);
		return lu_error(LU_ERR, "%s is not a readable zip archive (damaged or cut short?)",
				name);
	}
	zip_error_fini(&err);
	return LU_OK;
}

void fz_close(struct zip *z)
{
	if (z)
		zip_discard(z);
}

static zip_int64_t locate(struct zip *z, const char *member)
{
	zip_int64_t i = zip_name_locate(z, member, 0);
	return i >= 0 ? i : zip_name_locate(z, member, ZIP_FL_NOCASE);
}

int fz_has(struct zip *z, const char *member)
{
	return locate(z, member) >= 0;
}

/* Read a member whole, but never more than MEMBER_MAX bytes of it. */
static enum lu_status read_member(struct zip *z, zip_int64_t idx, const char *name,
				  const char *member, struct sbuf *b)
{
	zip_file_t *f = zip_fopen_index(z, (zip_uint64_t)idx, 0);
	if (!f) {
		int code = zip_error_code_zip(zip_get_error(z));
		return lu_error(LU_ERR, "cannot read %s in %s: %s", member, name,
				code == ZIP_ER_NOPASSWD ? "it is encrypted" : zip_strerror(z));
	}
	char chunk[65536];
	enum lu_status st = LU_OK;
	for (;;) {
		zip_int64_t k = zip_fread(f, chunk, sizeof chunk);
		if (k < 0)
			st = lu_error(LU_ERR, "%s is damaged: %s cannot be unpacked (%s)", name, member,
				      zip_file_strerror(f));
		else if (b->len + (size_t)k > MEMBER_MAX)
			st = lu_error(LU_ERR,
				      "%s: %s unpacks to more than %zu MB (a zip bomb?); nothing was "
				      "imported",
				      name, member, MEMBER_MAX >> 20);
		if (k <= 0 || st != LU_OK)
			break;
		sbuf_add(b, chunk, (size_t)k);
	}
	zip_fclose(f);
	return st;
}

/* Past an XML declaration, comments and processing instructions: is the
 * next thing a DOCTYPE? */
static int has_doctype(const char *s, size_t n)
{
	size_t i = n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	for (;;) {
		while (i < n && strchr(" \t\r\n", s[i]))
			i++;
		if (i + 2 <= n && memcmp(s + i, "<?", 2) == 0) {
			const char *e = memmem(s + i, n - i, "?>", 2);
			i = e ? (size_t)(e - s) + 2 : n;
		} else if (i + 4 <= n && memcmp(s + i, "<!--", 4) == 0) {
			const char *e = memmem(s + i, n - i, "-->", 3);
			i = e ? (size_t)(e - s) + 3 : n;
		} else {
			return i + 9 <= n && strncasecmp(s + i, "<!DOCTYPE", 9) == 0;
		}
	}
}

static enum lu_status parse_xml(const char *name, const char *member, const struct sbuf *b,
				xmlDoc **doc)
{
	if (b->len > (size_t)INT32_MAX)
		return lu_error(LU_ERR, "%s: %s is too large", name, member);
	if (has_doctype(b->s ? b->s : "", b->len))
		return lu_error(LU_ERR,
				"%s: %s declares a DTD, which Word, WPS and OFD writers never do; "
				"nothing was imported",
				name, member);
	xmlResetLastError();
	*doc = xmlReadMemory(b->s ? b->s : "", (int)b->len, member, NULL,
			     XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (*doc && xmlDocGetRootElement(*doc))
		return LU_OK;
	xmlFreeDoc(*doc);
	*doc = NULL;
	const xmlError *e = xmlGetLastError();
	if (e && e->message && strstr(e->message, "Excessive depth"))
		return lu_error(LU_ERR, "%s: %s is nested too deeply for a document; nothing was imported",
				name, member);
	if (e && e->message) {
		char msg[160];
		size_t k = strcspn(e->message, "\n");
		snprintf(msg, sizeof msg, "%.*s", (int)(k < 150 ? k : 150), e->message);
		return lu_error(LU_ERR, "%s is damaged: %s is not well-formed XML (line %d: %s)", name,
				member, e->line, msg);
	}
	return lu_error(LU_ERR, "%s is damaged: %s is not well-formed XML", name, member);
}

enum lu_status fz_xml(struct zip *z, const char *name, const char *member, xmlDoc **doc)
{
	*doc = NULL;
	zip_int64_t idx = locate(z, member);
	if (idx < 0)
		return LU_NOTFOUND;
	struct sbuf b = SBUF_INIT;
	enum lu_status st = read_member(z, idx, name, member, &b);
	if (st == LU_OK)
		st = parse_xml(name, member, &b, doc);
	sbuf_free(&b);
	return st;
}

int fz_is(const xmlNode *nd, const char *ns_part, const char *local)
{
	if (!nd || nd->type != XML_ELEMENT_NODE || strcmp((const char *)nd->name, local) != 0)
		return 0;
	if (!ns_part)
		return 1;
	if (!nd->ns || !nd->ns->href)
		return 0;
	return strstr((const char *)nd->ns->href, ns_part) != NULL;
}

const xmlNode *fz_child(const xmlNode *nd, const char *ns_part, const char *local)
{
	for (const xmlNode *c = nd ? nd->children : NULL; c; c = c->next)
		if (fz_is(c, ns_part, local))
			return c;
	return NULL;
}

int fz_on(const xmlNode *nd)
{
	char *v = fz_attr(nd, "val");
	int on = !v || !(strcmp(v, "0") == 0 || strcmp(v, "false") == 0 || strcmp(v, "off") == 0);
	free(v);
	return on;
}

char *fz_attr(const xmlNode *nd, const char *local)
{
	for (const xmlAttr *a = nd ? nd->properties : NULL; a; a = a->next) {
		if (strcmp((const char *)a->name, local) != 0)
			continue;
		xmlChar *v = xmlNodeGetContent((const xmlNode *)a);
		char *s = xstrdup(v ? (const char *)v : "");
		xmlFree(v);
		return s;
	}
	return NULL;
}

char *fz_resolve(const char *base, const char *target)
{
	if (target[0] == '/')
		return xstrdup(target + 1);
	const char *slash = strrchr(base, '/');
	size_t dir = slash ? (size_t)(slash - base) : 0;
	while (strncmp(target, "../", 3) == 0 && dir) {
		target += 3;
		while (dir && base[dir - 1] != '/')
			dir--;
		if (dir)
			dir--;
	}
	while (strncmp(target, "./", 2) == 0)
		target += 2;
	return dir ? xasprintf("%.*s/%s", (int)dir, base, target) : xstrdup(target);
}

static int ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);
	return n >= t && strcmp(s + n - t, tail) == 0;
}

char *fz_rel_target(struct zip *z, const char *name, const char *rels, const char *part,
		    const char *type_tail)
{
	xmlDoc *doc;
	char *found = NULL;
	if (fz_xml(z, name, rels, &doc) != LU_OK)
		return NULL;
	for (xmlNode *r = xmlDocGetRootElement(doc)->children; r && !found; r = r->next) {
		if (!fz_is(r, NULL, "Relationship"))
			continue;
		char *type = fz_attr(r, "Type"), *target = fz_attr(r, "Target"),
		     *mode = fz_attr(r, "TargetMode");
		if (type && target && ends_with(type, type_tail) && !(mode && strcmp(mode, "External") == 0))
			found = fz_resolve(part, target);
		free(type), free(target), free(mode);
	}
	xmlFreeDoc(doc);
	return found;
}
