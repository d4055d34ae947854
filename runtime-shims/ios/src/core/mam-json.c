/* Strict JSON reader (RFC 8259 grammar; UTF-8 well-formedness per Unicode 15 table 3-7), the C twin of
 * src/policy/json-text.ts: the same documents are accepted and rejected with the same codes. */
#include "mam-json.h"
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 64

typedef struct {
  const uint8_t *b;
  size_t len, pos;
  mam_json_error *err;
} parser;

static int fail(parser *p, const char *code) {
  if (p->err && !p->err->code) {
    p->err->code = code;
    p->err->offset = p->pos;
  }
  return 0;
}

size_t mam_utf8_first_invalid(const uint8_t *b, size_t len) {
  size_t i = 0;
  while (i < len) {
    uint8_t c = b[i];
    size_t n;
    uint8_t lo = 0x80, hi = 0xbf;
    if (c < 0x80) { i++; continue; }
    if (c >= 0xc2 && c <= 0xdf) n = 1;
    else if (c >= 0xe0 && c <= 0xef) { n = 2; if (c == 0xe0) lo = 0xa0; if (c == 0xed) hi = 0x9f; }
    else if (c >= 0xf0 && c <= 0xf4) { n = 3; if (c == 0xf0) lo = 0x90; if (c == 0xf4) hi = 0x8f; }
    else return i;
    for (size_t k = 1; k <= n; k++) {
      if (i + k >= len) return i;
      uint8_t t = b[i + k];
      if (t < (k == 1 ? lo : 0x80) || t > (k == 1 ? hi : 0xbf)) return i;
    }
    i += n + 1;
  }
  return len;
}

size_t mam_utf8_code_points(const char *s, size_t len) {
  size_t n = 0;
  for (size_t i = 0; i < len; i++)
    if (((uint8_t)s[i] & 0xc0) != 0x80) n++;
  return n;
}

static void skip_ws(parser *p) {
  while (p->pos < p->len) {
    uint8_t c = p->b[p->pos];
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
    p->pos++;
  }
}

static mam_json *new_node(mam_json_type t) {
  mam_json *n = calloc(1, sizeof *n);
  if (n) n->type = t;
  return n;
}

static int hex4(parser *p, size_t at, unsigned *out) {
  unsigned v = 0;
  if (at + 4 > p->len) return 0;
  for (size_t i = at; i < at + 4; i++) {
    uint8_t c = p->b[i];
    unsigned d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : 16;
    if (d == 16) return 0;
    v = v * 16 + d;
  }
  *out = v;
  return 1;
}

static size_t put_utf8(char *o, unsigned cp) {
  if (cp < 0x80) { o[0] = (char)cp; return 1; }
  if (cp < 0x800) { o[0] = (char)(0xc0 | cp >> 6); o[1] = (char)(0x80 | (cp & 63)); return 2; }
  if (cp < 0x10000) {
    o[0] = (char)(0xe0 | cp >> 12); o[1] = (char)(0x80 | ((cp >> 6) & 63)); o[2] = (char)(0x80 | (cp & 63));
    return 3;
  }
  o[0] = (char)(0xf0 | cp >> 18); o[1] = (char)(0x80 | ((cp >> 12) & 63));
  o[2] = (char)(0x80 | ((cp >> 6) & 63)); o[3] = (char)(0x80 | (cp & 63));
  return 4;
}

/* Escapes never grow the text (\uXXXX is 6 bytes for at most 3; a pair is 12 for 4). Lone surrogates
 * stay as 3-byte sequences, as a JavaScript string keeps them. */
static int read_string(parser *p, char **out, size_t *out_len) {
  size_t start = ++p->pos;
  size_t end = start;
  while (end < p->len && p->b[end] != '"') end += p->b[end] == '\\' ? 2 : 1;
  char *s = malloc(end - start + 1);
  if (!s) return fail(p, "POLICY_JSON_SYNTAX");
  size_t n = 0;
  for (;;) {
    if (p->pos >= p->len) { free(s); return fail(p, "POLICY_JSON_SYNTAX"); }
    uint8_t c = p->b[p->pos];
    if (c == '"') break;
    if (c < 0x20) { free(s); return fail(p, "POLICY_JSON_SYNTAX"); }
    if (c != '\\') { s[n++] = (char)c; p->pos++; continue; }
    uint8_t e = p->pos + 1 < p->len ? p->b[p->pos + 1] : 0;
    const char *simple = strchr("\"\\/bfnrt", e);
    if (e && simple) {
      static const char VAL[] = "\"\\/\b\f\n\r\t";
      s[n++] = VAL[simple - "\"\\/bfnrt"];
      p->pos += 2;
      continue;
    }
    unsigned u, lo;
    if (e != 'u' || !hex4(p, p->pos + 2, &u)) { p->pos++; free(s); return fail(p, "POLICY_JSON_SYNTAX"); }
    p->pos += 6;
    if (u >= 0xd800 && u <= 0xdbff && p->pos + 1 < p->len && p->b[p->pos] == '\\' && p->b[p->pos + 1] == 'u' &&
        hex4(p, p->pos + 2, &lo) && lo >= 0xdc00 && lo <= 0xdfff) {
      u = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
      p->pos += 6;
    }
    n += put_utf8(s + n, u);
  }
  p->pos++;
  s[n] = 0;
  *out = s;
  *out_len = n;
  return 1;
}

static int is_digit(parser *p, size_t at) { return at < p->len && p->b[at] >= '0' && p->b[at] <= '9'; }

static int read_number(parser *p, double *out) {
  size_t start = p->pos, i = p->pos;
  if (i < p->len && p->b[i] == '-') i++;
  if (!is_digit(p, i)) { p->pos = i; return fail(p, "POLICY_JSON_SYNTAX"); }
  if (p->b[i] == '0') i++;
  else while (is_digit(p, i)) i++;
  if (i < p->len && p->b[i] == '.' && is_digit(p, i + 1)) { i++; while (is_digit(p, i)) i++; }
  if (i < p->len && (p->b[i] == 'e' || p->b[i] == 'E')) {
    size_t j = i + 1;
    if (j < p->len && (p->b[j] == '+' || p->b[j] == '-')) j++;
    if (is_digit(p, j)) { i = j; while (is_digit(p, i)) i++; }
  }
  if (i < p->len && strchr("0123456789.eE+-", p->b[i])) { p->pos = i; return fail(p, "POLICY_JSON_SYNTAX"); }
  char buf[512];
  size_t n = i - start < sizeof buf - 1 ? i - start : sizeof buf - 1;
  memcpy(buf, p->b + start, n);
  buf[n] = 0;
  *out = strtod(buf, NULL);  /* runs before main, in the "C" locale */
  p->pos = i;
  return 1;
}

static mam_json *read_value(parser *p, int depth);

static int key_seen(const mam_json *obj, const char *key, size_t len) {
  for (const mam_json *m = obj->first; m; m = m->next)
    if (m->key_len == len && memcmp(m->key, key, len) == 0) return 1;
  return 0;
}

static void append(mam_json *parent, mam_json **tail, mam_json *child) {
  if (*tail) (*tail)->next = child; else parent->first = child;
  *tail = child;
  parent->count++;
}

static mam_json *read_container(parser *p, int depth, int is_object) {
  mam_json *node = new_node(is_object ? MAM_JSON_OBJECT : MAM_JSON_ARRAY), *tail = NULL;
  if (!node) { fail(p, "POLICY_JSON_SYNTAX"); return NULL; }
  uint8_t close = is_object ? '}' : ']';
  p->pos++;
  skip_ws(p);
  if (p->pos < p->len && p->b[p->pos] == close) { p->pos++; return node; }
  for (;;) {
    char *key = NULL;
    size_t key_len = 0;
    if (is_object) {
      skip_ws(p);
      size_t key_at = p->pos;
      if (p->pos >= p->len || p->b[p->pos] != '"') { fail(p, "POLICY_JSON_SYNTAX"); break; }
      if (!read_string(p, &key, &key_len)) break;
      if (key_seen(node, key, key_len)) { p->pos = key_at; free(key); fail(p, "POLICY_DUPLICATE_KEY"); break; }
      skip_ws(p);
      if (p->pos >= p->len || p->b[p->pos] != ':') { free(key); fail(p, "POLICY_JSON_SYNTAX"); break; }
      p->pos++;
    }
    mam_json *child = read_value(p, depth + 1);
    if (!child) { free(key); break; }
    child->key = key;
    child->key_len = key_len;
    append(node, &tail, child);
    skip_ws(p);
    if (p->pos < p->len && p->b[p->pos] == ',') { p->pos++; continue; }
    if (p->pos < p->len && p->b[p->pos] == close) { p->pos++; return node; }
    fail(p, "POLICY_JSON_SYNTAX");
    break;
  }
  mam_json_free(node);
  return NULL;
}

static mam_json *read_value(parser *p, int depth) {
  if (depth > MAX_DEPTH) { fail(p, "POLICY_JSON_SYNTAX"); return NULL; }
  skip_ws(p);
  if (p->pos >= p->len) { fail(p, "POLICY_JSON_SYNTAX"); return NULL; }
  uint8_t c = p->b[p->pos];
  if (c == '{' || c == '[') return read_container(p, depth, c == '{');
  if (c == '"') {
    mam_json *n = new_node(MAM_JSON_STRING);
    if (n && read_string(p, &n->str, &n->len)) return n;
    free(n);
    return NULL;
  }
  if (c == '-' || (c >= '0' && c <= '9')) {
    mam_json *n = new_node(MAM_JSON_NUMBER);
    if (n && read_number(p, &n->number)) return n;
    free(n);
    return NULL;
  }
  static const struct { const char *word; mam_json_type type; } WORDS[] = {
    { "true", MAM_JSON_TRUE }, { "false", MAM_JSON_FALSE }, { "null", MAM_JSON_NULL } };
  for (size_t i = 0; i < 3; i++) {
    size_t wl = strlen(WORDS[i].word);
    if (p->pos + wl <= p->len && memcmp(p->b + p->pos, WORDS[i].word, wl) == 0) {
      p->pos += wl;
      return new_node(WORDS[i].type);
    }
  }
  fail(p, "POLICY_JSON_SYNTAX");
  return NULL;
}

mam_json *mam_json_parse(const uint8_t *bytes, size_t len, mam_json_error *err) {
  parser p = { bytes, len, 0, err };
  if (err) { err->code = NULL; err->offset = 0; }
  size_t bad = mam_utf8_first_invalid(bytes, len);
  if (bad < len) { p.pos = bad; fail(&p, "POLICY_ENCODING"); return NULL; }
  /* TextDecoder drops one byte order mark, then the text reader skips a U+FEFF at its start. */
  for (int i = 0; i < 2 && p.pos + 3 <= len && memcmp(bytes + p.pos, "\xef\xbb\xbf", 3) == 0; i++) p.pos += 3;
  mam_json *root = read_value(&p, 0);
  if (!root) return NULL;
  skip_ws(&p);
  if (p.pos < len) { fail(&p, "POLICY_JSON_SYNTAX"); mam_json_free(root); return NULL; }
  return root;
}

void mam_json_free(mam_json *node) {
  while (node) {
    mam_json *next = node->next;
    mam_json_free(node->first);
    free(node->str);
    free(node->key);
    free(node);
    node = next;
  }
}

const mam_json *mam_json_member(const mam_json *object, const char *key) {
  size_t kl = strlen(key);
  if (!object || object->type != MAM_JSON_OBJECT) return NULL;
  for (const mam_json *m = object->first; m; m = m->next)
    if (m->key_len == kl && memcmp(m->key, key, kl) == 0) return m;
  return NULL;
}
