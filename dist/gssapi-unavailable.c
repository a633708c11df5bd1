/*
 * GSSAPI entry points for the self-contained release binary (make dist).
 *
 * Debian's libgit2.a carries HTTP "Negotiate" (Kerberos) authentication, which needs the
 * Kerberos GSSAPI library; Debian ships that library only as a shared object. meshdiff never
 * talks to a remote (it opens local repositories, reads trees and blobs), so that code is
 * linked but never reached. These definitions answer "unavailable" should anything call them,
 * so the release binary needs no Kerberos libraries on the machine it runs on.
 */
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
