/*
 * This file implements srv_params_datetime(): the `datetime` parameter of OGC API - Features
 * Part 1 (clause 7.15.4, "Parameter datetime"; RFC 3339 section 5.6): an instant or a closed
 * or half-open interval "start/end" where ".." or an empty string is the open end. Instants
 * are RFC 3339 date-times (2024-05-01T08:00:00Z, 2024-05-01T16:00:00+08:00, fractions of a
 * second allowed) or full dates (2024-05-01). The store holds calendar dates of the county's
 * records (inspected_on, effective_date, built_date: local dates), so each end is turned into
 * the calendar date of China Standard Time (UTC+8) at that instant; a date stays as given.
 * Pure function of its text input (fuzzed with the other parameters in tests/fuzz).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "server/params.h"

/* China Standard Time, the zone of the county's dates: UTC+8 (no daylight saving since 1991). */
#define CST_OFFSET_S (8 * 3600)

#define DATETIME_HELP                                                                              \
    "datetime must be an RFC 3339 date-time (2024-05-01T08:00:00Z), a date (2024-05-01) or "       \
    "an interval start/end of them with '..' for an open end"

typedef struct instant {
    int64_t day;    /* days since 1970-01-01 of the local calendar date (UTC+8 for date-times) */
    int64_t second; /* seconds since the epoch (UTC); dates: local midnight */
    bool has_time;
} instant;

/* Days since 1970-01-01 of the proleptic Gregorian date y-m-d (H. Hinnant's algorithm). */
static int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

static bool is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
    static const int DAYS[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : DAYS[m - 1];
}

/* Reads exactly n digits at s; -1 when any is not a digit. */
static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* Parses one instant filling all of s[0..len). */
static bool parse_instant(const char *s, size_t len, instant *out)
{
    if (len < 10 || s[4] != '-' || s[7] != '-')
        return false;
    int y = digits(s, 4), mo = digits(s + 5, 2), d = digits(s + 8, 2);
    if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo))
        return false;
    int64_t day = days_from_civil(y, mo, d);
    if (len == 10) {
        *out = (instant){day, day * 86400 - CST_OFFSET_S, false};
        return true;
    }
    /* date-time = full-date "T" partial-time time-offset */
    if (len < 20 || (s[10] != 'T' && s[10] != 't') || s[13] != ':' || s[16] != ':')
        return false;
    int h = digits(s + 11, 2), mi = digits(s + 14, 2), sec = digits(s + 17, 2);
    if (h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 60) /* 60: leap second */
        return false;
    size_t i = 19;
    if (s[i] == '.') {
        size_t start = ++i;
        while (i < len && s[i] >= '0' && s[i] <= '9')
            i++;
        if (i == start)
            return false;
    }
    int64_t offset;
    if (i + 1 == len && (s[i] == 'Z' || s[i] == 'z')) {
        offset = 0;
    } else if (i + 6 == len && (s[i] == '+' || s[i] == '-') && s[i + 3] == ':') {
        int oh = digits(s + i + 1, 2), om = digits(s + i + 4, 2);
        if (oh < 0 || oh > 23 || om < 0 || om > 59)
            return false;
        offset = (s[i] == '-' ? -1 : 1) * (int64_t)(oh * 3600 + om * 60);
    } else {
        return false;
    }
    int64_t utc = day * 86400 + h * 3600 + mi * 60 + (sec == 60 ? 59 : sec) - offset;
    int64_t local = utc + CST_OFFSET_S;
    int64_t local_day = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
    *out = (instant){local_day, utc, true};
    return true;
}

static void format_day(int64_t day, char out[SRV_DATE_LEN])
{
    int y, m, d;
    civil_from_days(day, &y, &m, &d);
    if (y < 0) /* an offset moved year 0000 back: the first day is as early as any stored */
        y = 0, m = 1, d = 1;
    else if (y > 9999)
        y = 9999, m = 12, d = 31;
    snprintf(out, SRV_DATE_LEN, "%04d-%02d-%02d", y, m, d);
}

/* Parses one end of an interval: "" or ".." is open (returns true with *open set). */
static bool parse_end(const char *s, size_t len, instant *out, bool *open)
{
    *open = len == 0 || (len == 2 && s[0] == '.' && s[1] == '.');
    return *open || parse_instant(s, len, out);
}

int srv_params_datetime(const char *text, char from[SRV_DATE_LEN], char to[SRV_DATE_LEN],
                        gis_error *err)
{
    from[0] = to[0] = '\0';
    if (text == NULL || strlen(text) > 80)
        return GIS_ERR(err, GIS_EINVAL, DATETIME_HELP);
    const char *slash = strchr(text, '/');
    instant a, b;
    if (slash == NULL) {
        if (!parse_instant(text, strlen(text), &a))
            return GIS_ERR(err, GIS_EINVAL, DATETIME_HELP);
        format_day(a.day, from);
        format_day(a.day, to);
        return GIS_OK;
    }
    bool open_a, open_b;
    if (strchr(slash + 1, '/') != NULL || !parse_end(text, (size_t)(slash - text), &a, &open_a) ||
        !parse_end(slash + 1, strlen(slash + 1), &b, &open_b))
        return GIS_ERR(err, GIS_EINVAL, DATETIME_HELP);
    if (open_a && open_b)
        return GIS_ERR(err, GIS_EINVAL,
                       "datetime interval needs at least one end ('../..' is not "
                       "an interval)");
    if (!open_a && !open_b && (a.day > b.day || (a.has_time && b.has_time && a.second > b.second)))
        return GIS_ERR(err, GIS_EINVAL, "datetime interval ends before it starts");
    if (!open_a)
        format_day(a.day, from);
    if (!open_b)
        format_day(b.day, to);
    return GIS_OK;
}
