/**
 * The cookie holding an admin dashboard session (the admin token of `POST /ui/login`). Browsers
 * send a host's cookies to all of its ports, so the data plane receives it too when the admin
 * listener shares a host name with it: the data plane removes it before anything goes upstream.
 */
export const ADMIN_SESSION_COOKIE = 'portico_admin';
