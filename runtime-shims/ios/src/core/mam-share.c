/* Sharing decisions. URL syntax: RFC 3986 section 3.1 (scheme); mailto: RFC 6068; sms: Apple's URL
 * scheme reference ("sms:number&body=" as well as "?body="). */
#include "mam-share.h"
#include <string.h>

static int is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static int is_digit(char c) { return c >= '0' && c <= '9'; }

static size_t scheme_length(const char *url) {
  if (!url || !is_alpha(url[0])) return 0;
  size_t n = 0;
  while (is_alpha(url[n]) || is_digit(url[n]) || url[n] == '+' || url[n] == '-' || url[n] == '.') n++;
  return url[n] == ':' ? n : 0;
}

size_t mam_url_scheme(const char *url, char *out, size_t cap) {
  size_t n = scheme_length(url);
  if (n == 0 || n + 1 > cap) return 0;
  for (size_t i = 0; i < n; i++) out[i] = (char)(url[i] >= 'A' && url[i] <= 'Z' ? url[i] + 32 : url[i]);
  out[n] = 0;
  return n;
}

static int in_list(const char *s, const char *const *list) {
  for (size_t i = 0; list[i]; i++)
    if (strcmp(s, list[i]) == 0) return 1;
  return 0;
}

int mam_url_open_is_sharing(const char *url) {
  static const char *const WEB[] = { "http", "https", NULL };
  static const char *const NO_CONTENT[] = { "tel", "telprompt", "facetime", "facetime-audio", "app-settings",
                                            "itms-apps", "itms-appss", NULL };
  static const char *const MESSAGE[] = { "mailto", "sms", NULL };
  char scheme[32];
  size_t n = scheme_length(url);
  if (n == 0) return 0;
  if (!mam_url_scheme(url, scheme, sizeof scheme)) return 1;
  if (in_list(scheme, WEB) || in_list(scheme, NO_CONTENT)) return 0;
  if (in_list(scheme, MESSAGE)) return strchr(url + n, '?') || strchr(url + n, '&');
  return 1;
}

int mam_url_open_refused(const mam_policy *p, const char *url) {
  return p->open_in_block && mam_url_open_is_sharing(url);
}

int mam_document_picker_is_sharing(long mode) {
  return mode == MAM_PICKER_EXPORT_TO_SERVICE || mode == MAM_PICKER_MOVE_TO_SERVICE;
}
