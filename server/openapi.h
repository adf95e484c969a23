/*
 * This file declares the OpenAPI 3.0 document of the server (/api), generated from the
 * collection catalogue so that paths, parameters and queryables always match the code.
 */
#ifndef SRV_OPENAPI_H
#define SRV_OPENAPI_H

#include <jansson.h>
#include <stdbool.h>

/** Builds the OpenAPI document; server URL origin (borrowed). Returns an owned json_t or NULL
 *  on out-of-memory. include_restricted adds the restricted collections' paths. */
json_t *srv_openapi_build(const char *origin, bool include_restricted);

#endif
