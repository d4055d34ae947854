/* Bounded appender and JSON string quoting (ECMA-262 QuoteJSONString). */
#include "mam-text.h"
#include <stdint.h>
#include <string.h>

void mam_text_putn(mam_text *t, const char *s, size_t n) {
  for (size_t i = 0; i < n; i++, t->len++)
    if (t->buf && t->len + 1 < t->cap) t->buf[t->len] = s[i];
}

void mam_text_puts(mam_text *t, const char *s) { mam_text_putn(t, s, strlen(s)); }

static void put_unit(mam_text *t, unsigned unit) {
  static const char HEX[] = "0123456789abcdef";
  char e[6] = { '\\', 'u', HEX[unit >> 12 & 15], HEX[unit >> 8 & 15], HEX[unit >> 4 & 15], HEX[unit & 15] };
  mam_text_putn(t, e, 6);
}

void mam_text_json_string(mam_text *t, const char *s, size_t n) {
  mam_text_puts(t, "\"");
  for (size_t i = 0; i < n; i++) {
    uint8_t c = (uint8_t)s[i];
    const char *simple = c == '"' ? "\\\"" : c == '\\' ? "\\\\" : c == '\b' ? "\\b" : c == '\f' ? "\\f"
                       : c == '\n' ? "\\n" : c == '\r' ? "\\r" : c == '\t' ? "\\t" : NULL;
    if (simple) mam_text_puts(t, simple);
    else if (c < 0x20) put_unit(t, c);
    else if (c == 0xed && i + 2 < n && (uint8_t)s[i + 1] >= 0xa0) {
      put_unit(t, 0xd000u | ((uint8_t)s[i + 1] & 0x3fu) << 6 | ((uint8_t)s[i + 2] & 0x3fu));
      i += 2;
    } else mam_text_putn(t, s + i, 1);
  }
  mam_text_puts(t, "\"");
}

static int identifier(const char *k, size_t n) {
  if (n == 0) return 0;
  for (size_t i = 0; i < n; i++) {
    char c = k[i];
    int alpha = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == '$';
    if (!alpha && !(i > 0 && c >= '0' && c <= '9')) return 0;
  }
  return 1;
}

void mam_text_member_path(mam_text *t, const char *key, size_t n) {
  if (identifier(key, n)) {
    mam_text_puts(t, ".");
    mam_text_putn(t, key, n);
    return;
  }
  mam_text_puts(t, "[");
  mam_text_json_string(t, key, n);
  mam_text_puts(t, "]");
}

size_t mam_text_finish(mam_text *t) {
  if (t->buf && t->cap) t->buf[t->len < t->cap ? t->len : t->cap - 1] = 0;
  return t->len;
}
