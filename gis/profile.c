/*
 * This file implements the domain profile defaults and JSON overrides (jansson).
 */
#include "gis/profile.h"

#include <jansson.h>
#include <stddef.h>
#include <string.h>

static const struct {
    const char *key;
    size_t offset;
} FIELDS[] = {
    {"marker_tolerance_m", offsetof(gis_profile, marker_tolerance_m)},
    {"two_sided_tolerance_m", offsetof(gis_profile, two_sided_tolerance_m)},
    {"min_area_m2", offsetof(gis_profile, min_area_m2)},
    {"sliver_width_m", offsetof(gis_profile, sliver_width_m)},
    {"buffer_railway_m", offsetof(gis_profile, buffer_railway_m)},
    {"buffer_trunk_road_m", offsetof(gis_profile, buffer_trunk_road_m)},
    {"buffer_reservoir_m", offsetof(gis_profile, buffer_reservoir_m)},
    {"buffer_river_dike_m", offsetof(gis_profile, buffer_river_dike_m)},
    {"buffer_water_source_m", offsetof(gis_profile, buffer_water_source_m)},
    {"coverage_radius_m", offsetof(gis_profile, coverage_radius_m)},
    {"crude_death_rate_per_mille", offsetof(gis_profile, crude_death_rate_per_mille)},
    {"capacity_warning_years", offsetof(gis_profile, capacity_warning_years)},
    {"inspection_interval_years", offsetof(gis_profile, inspection_interval_years)},
    {"beds_per_1000_older_target", offsetof(gis_profile, beds_per_1000_older_target)},
    {"happiness_home_target_rate", offsetof(gis_profile, happiness_home_target_rate)},
    {"min_candidate_site_m2", offsetof(gis_profile, min_candidate_site_m2)},
};

void gis_profile_defaults(gis_profile *p)
{
    *p = (gis_profile){
        .marker_tolerance_m = 0.5,
        .two_sided_tolerance_m = 0.5,
        .min_area_m2 = 1.0,
        .sliver_width_m = 1.0,
        .buffer_railway_m = 500,
        .buffer_trunk_road_m = 500,
        .buffer_reservoir_m = 300,
        .buffer_river_dike_m = 300,
        .buffer_water_source_m = 0,
        .coverage_radius_m = 0,
        .crude_death_rate_per_mille = 7.0,
        .capacity_warning_years = 30,
        .inspection_interval_years = 5,
        .beds_per_1000_older_target = 35,
        .happiness_home_target_rate = 1.0,
        .min_candidate_site_m2 = 3333,
    };
}

int gis_profile_load(gis_profile *p, const char *path, gis_error *err)
{
    json_error_t jerr;
    json_t *root = json_load_file(path, 0, &jerr);
    if (root == NULL)
        return GIS_ERR(err, jerr.line > 0 ? GIS_EINVAL : GIS_EIO, "profile '%s' line %d: %s",
                       path, jerr.line, jerr.text);
    int rc = GIS_OK;
    if (!json_is_object(root)) {
        rc = GIS_ERR(err, GIS_EINVAL, "profile '%s': top level must be an object", path);
        goto done;
    }
    const char *key;
    json_t *value;
    json_object_foreach(root, key, value)
    {
        if (key[0] == '_')
            continue;
        size_t i = 0, n = sizeof FIELDS / sizeof FIELDS[0];
        while (i < n && strcmp(FIELDS[i].key, key) != 0)
            i++;
        if (i == n) {
            rc = GIS_ERR(err, GIS_EINVAL, "profile '%s': unknown key '%s'", path, key);
            goto done;
        }
        if (!json_is_number(value)) {
            rc = GIS_ERR(err, GIS_EINVAL, "profile '%s': key '%s' must be a number", path, key);
            goto done;
        }
        *(double *)((char *)p + FIELDS[i].offset) = json_number_value(value);
    }
done:
    json_decref(root);
    return rc;
}
