/*
 * This file implements the Bearer token check. The token is never logged or echoed.
 */
#include "server/auth.h"

#include <stdlib.h>
#include <strings.h>

#include "gis/store_tokens.h"

bool srv_auth_check(srv_req *req, bool *given)
{
    const char *h = req->authorization;
    *given = h != NULL && h[0] != '\0';
    if (!*given)
        return false;
    if (strncasecmp(h, "Bearer ", 7) != 0)
        return false;
    const char *token = h + 7;
    while (*token == ' ')
        token++;
    srv_worker *w = srv_req_worker(req);
    gis_error err = {0};
    return gis_store_token_verify(w->store, token, NULL, &err) == GIS_OK;
}
