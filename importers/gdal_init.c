/*
 * This file implements the process-wide GDAL setup.
 */
#include "importers/gdal_init.h"

#include <cpl_error.h>
#include <gdal.h>

void imp_gdal_init(void)
{
    GDALAllRegister();
    /* Errors are reported through our gis_error messages, not printed by GDAL. */
    CPLSetErrorHandler(CPLQuietErrorHandler);
}

void imp_gdal_cleanup(void)
{
    GDALDestroyDriverManager();
}
