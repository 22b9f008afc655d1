/* Additions to mbedTLS 2.28's default configuration (include/mbedtls/config.h)
 * that Debian 12's libmbedtls-dev also makes, and p11forge relies on. */
#define MBEDTLS_THREADING_C
#define MBEDTLS_THREADING_PTHREAD
