/* The module as the C example sees it: loaded with dlopen, reached through
 * its function list, with the few helpers every step needs (object search,
 * attribute reads, readable names for return values and mechanisms). */
#ifndef SEED_DEMO_P11_H
#define SEED_DEMO_P11_H

#include <stddef.h>

#include <p11-kit/pkcs11.h>

/* One module per run: a global keeps every call site as short as the
 * specification's examples. */
extern CK_FUNCTION_LIST_PTR p11;

/* Loads and initialises the module; on failure writes why and returns 0. */
int p11_load(const char *path, char *why, size_t why_len);
void p11_unload(void);

const char *rv_name(CK_RV rv);
const char *mechanism_name(CK_MECHANISM_TYPE m);

/* Every object matching the template (malloc'd array, *count of them). */
CK_RV find_objects(CK_SESSION_HANDLE s, CK_ATTRIBUTE *tmpl, CK_ULONG n, CK_OBJECT_HANDLE **out, CK_ULONG *count);

/* An attribute's value, malloc'd (never NULL on success, even when empty);
 * NULL when the object has no such attribute or it cannot be read. */
unsigned char *get_attribute(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE h, CK_ATTRIBUTE_TYPE type, CK_ULONG *len);

/* A CK_BBOOL attribute, 0 when absent: an old module may not know it. */
int get_flag(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE h, CK_ATTRIBUTE_TYPE type);

/* A blank-padded CK_INFO/CK_TOKEN_INFO text, trimmed; `out` holds size + 1. */
void p11_text(char *out, const CK_UTF8CHAR *padded, size_t size);

/* Overwrites memory the compiler may not drop as a dead store (PINs). */
void wipe(void *p, size_t n);

#endif
