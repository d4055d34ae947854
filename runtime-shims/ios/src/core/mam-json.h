/* A strict JSON reader (RFC 8259) for the embedded policy: UTF-8 only, no duplicate keys, no comments,
 * no trailing commas, at most 64 levels deep. Mirrors src/policy/json-text.ts. */
#ifndef MAM_JSON_H
#define MAM_JSON_H
#include <stddef.h>
#include <stdint.h>

typedef enum {
  MAM_JSON_NULL, MAM_JSON_FALSE, MAM_JSON_TRUE, MAM_JSON_NUMBER, MAM_JSON_STRING, MAM_JSON_ARRAY, MAM_JSON_OBJECT
} mam_json_type;

typedef struct mam_json {
  mam_json_type type;
  char *str;            /* MAM_JSON_STRING: UTF-8 bytes, NUL-terminated, may contain NUL */
  size_t len;
  char *key;            /* set on members of an object */
  size_t key_len;
  double number;        /* MAM_JSON_NUMBER: the value as JavaScript's Number() reads the text */
  struct mam_json *first;   /* children of arrays and objects, in document order */
  struct mam_json *next;
  size_t count;
} mam_json;

typedef struct {
  const char *code;     /* POLICY_ENCODING, POLICY_JSON_SYNTAX, POLICY_DUPLICATE_KEY */
  size_t offset;        /* byte offset of the problem */
} mam_json_error;

/* Returns the document's root, or NULL with *err filled. Free with mam_json_free. */
mam_json *mam_json_parse(const uint8_t *bytes, size_t len, mam_json_error *err);
void mam_json_free(mam_json *node);
/* The member named key (NUL-free), or NULL. */
const mam_json *mam_json_member(const mam_json *object, const char *key);
/* Number of Unicode code points in a UTF-8 string as JavaScript counts [...string]. */
size_t mam_utf8_code_points(const char *s, size_t len);
/* Offset of the first ill-formed UTF-8 sequence, or len when all is well-formed. */
size_t mam_utf8_first_invalid(const uint8_t *b, size_t len);

#endif
