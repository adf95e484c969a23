/*
 * This file declares the token check for restricted collections: "Authorization: Bearer
 * <token>" verified against the store's hashed tokens (gis/store_tokens.h).
 */
#ifndef SRV_AUTH_H
#define SRV_AUTH_H

#include <stdbool.h>

#include "server/req.h"

/** True when req carries a valid token. *given is set when an Authorization header was sent
 *  at all (so a failure is 403 rather than 401). Store errors count as not authorised. */
bool srv_auth_check(srv_req *req, bool *given);

#endif
