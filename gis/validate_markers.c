/*
 * This file implements the boundary-marker rules of validation (to come in the next commit).
 */
#include "gis/validate_int.h"

int vmarkers_check(vrun *r, gis_error *err)
{
    (void)r;
    (void)err;
    return GIS_OK;
}
