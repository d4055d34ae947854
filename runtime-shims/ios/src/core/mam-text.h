/* A bounded text appender, and JSON string output exactly as JavaScript's JSON.stringify writes it
 * (ECMA-262 QuoteJSONString, including well-formed JSON.stringify's \udXXX for lone surrogates). */
#ifndef MAM_TEXT_H
#define MAM_TEXT_H
#include <stddef.h>

typedef struct {
  char *buf;
  size_t cap;
  size_t len;   /* bytes needed so far; only the first cap - 1 are written */
} mam_text;

void mam_text_putn(mam_text *t, const char *s, size_t n);
void mam_text_puts(mam_text *t, const char *s);
void mam_text_json_string(mam_text *t, const char *s, size_t n);
/* ".key" when key is an identifier, otherwise ["key"] (src/policy/json-text.ts memberPath). */
void mam_text_member_path(mam_text *t, const char *key, size_t n);
/* NUL-terminates and returns the length needed. */
size_t mam_text_finish(mam_text *t);

#endif
