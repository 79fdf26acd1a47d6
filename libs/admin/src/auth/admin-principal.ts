/** Who made an admin request, set on the request by the admin guard. */
export interface AdminPrincipal {
  readonly username: string;
  readonly via: 'basic' | 'token';
}
