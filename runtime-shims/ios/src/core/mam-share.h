/* Sharing decisions (docs/policy.md "sharing": openIn "block" means documents cannot be sent to other
 * apps). What counts as sending: a share sheet, an open-in menu, a document picker that exports or
 * moves to another app's storage, and opening a URL that hands content to another app. */
#ifndef MAM_SHARE_H
#define MAM_SHARE_H
#include <stddef.h>
#include "mam-policy.h"

/* The URL's scheme (RFC 3986 section 3.1: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) before the
 * first ":"), lowercased into out. Returns its length, or 0 when the text has none or it does not fit. */
size_t mam_url_scheme(const char *url, char *out, size_t cap);
/* Whether opening this URL sends content to another app. Not sharing: http and https (web pages),
 * a URL without a scheme (nothing can open it), and the schemes that carry no content: tel, telprompt,
 * facetime, facetime-audio, app-settings (the app's own settings), itms-apps and itms-appss (App Store
 * pages); mailto and sms only without prefilled fields ("?" or "&": subject, body, attachments).
 * Everything else — another app's custom scheme, file, shareddocuments — is sharing. */
int mam_url_open_is_sharing(const char *url);
/* Whether the policy refuses to open this URL. */
int mam_url_open_refused(const mam_policy *p, const char *url);

/* UIDocumentPickerMode: Import 0, Open 1, ExportToService 2, MoveToService 3. */
enum { MAM_PICKER_IMPORT, MAM_PICKER_OPEN, MAM_PICKER_EXPORT_TO_SERVICE, MAM_PICKER_MOVE_TO_SERVICE };
/* Whether presenting a document picker in this mode sends the app's files out (export, move). */
int mam_document_picker_is_sharing(long mode);

#endif
