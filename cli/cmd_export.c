/*
 * This file implements `jiewang export`: placeholder until issue #3 lands.
 */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/commands.h"

static int run(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "jiewang export: error: not implemented yet (issue #3)\n");
    return CLI_FAIL;
}

const cli_command CLI_CMD_EXPORT = {
    "export", run, "write a layer back out through GDAL (GPKG, Shapefile, GeoJSON, KML, CSV, DXF)",
    "Usage: jiewang export ...\n\nwrite a layer back out through GDAL (GPKG, Shapefile, GeoJSON, KML, CSV, DXF)\n(Not implemented yet: issue #3.)\n"};
