/*
 * This file implements `jiewang import`: placeholder until issue #3 lands.
 */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/commands.h"

static int run(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "jiewang import: error: not implemented yet (issue #3)\n");
    return CLI_FAIL;
}

const cli_command CLI_CMD_IMPORT = {
    "import", run, "load a survey or facility file (Shapefile, GPKG, GeoJSON, KML, DXF, CSV...) into a store",
    "Usage: jiewang import ...\n\nload a survey or facility file (Shapefile, GPKG, GeoJSON, KML, DXF, CSV...) into a store\n(Not implemented yet: issue #3.)\n"};
