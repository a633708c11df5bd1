/*
 * What meshdiff's release build puts in place of libgit2's network set-up.
 *
 * meshdiff opens local repositories only: it reads references, trees and blobs and never talks
 * to a remote. Three parts of Debian's libgit2.a exist for remotes alone, and the release build
 * (scripts/build-release.sh) links this file instead of what they would need:
 *
 *  - HTTP "Negotiate" (Kerberos) authentication needs the GSSAPI library, which Debian ships
 *    only as a shared object. The gss_* definitions below answer "unavailable", so the binary
 *    needs no Kerberos libraries on the machine it runs on.
 *
 *  - libgit2's TLS stream set-up, run by git_libgit2_init, parses every CA certificate on the
 *    machine (/etc/ssl/certs/ca-certificates.crt, ~140 certificates): about 5 ms on every run,
 *    half the time meshdiff needs before it reads anything. The release build links with
 *    --wrap for the three mbedTLS stream entry points, so git_libgit2_init calls the
 *    __wrap_ set-up below (which does nothing), and opening a TLS stream, which meshdiff never
 *    does, fails with a clear libgit2 error instead of using a configuration never made.
 *
 *  - The SSH transport brings libssh2, and libssh2 brings OpenSSL's libcrypto: half of the
 *    binary's relocated data (340 KiB of pointer tables that the loader fixes up, page by page,
 *    on every run: 0.4 ms and 2 MiB of a no-op diff) and an initialiser, for a transport never used. With
 *    --wrap for its two entry points (the set-up git_libgit2_init runs, and the subtransport a
 *    remote's ssh:// URL would ask for), the transport's object is not linked, nor libssh2, nor
 *    libcrypto; asking for it fails with a clear libgit2 error.
 */
#include <git2/errors.h>

typedef unsigned int OM_uint32;
#define GSS_S_UNAVAILABLE (16u << 16)

void *GSS_C_NT_HOSTBASED_SERVICE = 0;

static OM_uint32 unavailable(OM_uint32 *minor) {
    if (minor) *minor = 0;
    return GSS_S_UNAVAILABLE;
}

OM_uint32 gss_delete_sec_context(OM_uint32 *minor, void *context, void *token) { return unavailable(minor); }
OM_uint32 gss_display_status(OM_uint32 *minor, OM_uint32 status, int type, void *mech, OM_uint32 *more, void *text) {
    if (more) *more = 0;
    return unavailable(minor);
}
OM_uint32 gss_import_name(OM_uint32 *minor, void *buffer, void *type, void **name) { return unavailable(minor); }
OM_uint32 gss_indicate_mechs(OM_uint32 *minor, void **mechs) { return unavailable(minor); }
OM_uint32 gss_init_sec_context(OM_uint32 *minor, void *credential, void **context, void *target, void *mech, OM_uint32 flags,
                               OM_uint32 time, void *bindings, void *input, void **actual, void *output, OM_uint32 *returned,
                               OM_uint32 *seconds) {
    return unavailable(minor);
}
OM_uint32 gss_release_buffer(OM_uint32 *minor, void *buffer) { return unavailable(minor); }
OM_uint32 gss_release_name(OM_uint32 *minor, void **name) { return unavailable(minor); }
OM_uint32 gss_release_oid_set(OM_uint32 *minor, void **set) { return unavailable(minor); }


int __wrap_git_mbedtls_stream_global_init(void) { return 0; }

static int no_tls(void) {
    git_error_set_str(GIT_ERROR_SSL, "meshdiff's build of libgit2 has no TLS: it reads local repositories only");
    return -1;
}

int __wrap_git_mbedtls_stream_new(void **out, const char *host, const char *port) { return no_tls(); }
int __wrap_git_mbedtls_stream_wrap(void **out, void *in, const char *host) { return no_tls(); }

int __wrap_git_transport_ssh_global_init(void) { return 0; }

int __wrap_git_smart_subtransport_ssh(void **out, void *owner, void *param) {
    git_error_set_str(GIT_ERROR_SSH, "meshdiff's build of libgit2 has no SSH: it reads local repositories only");
    return -1;
}
