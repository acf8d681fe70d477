#include "viridis.h"

#include <math.h>

/* matplotlib's viridis at 0, 1/8, ..., 1. */
const rgb viridis_stops[VIRIDIS_STOPS] = {
    {0.267004, 0.004874, 0.329415}, {0.282623, 0.140926, 0.457517},
    {0.229739, 0.322361, 0.545706}, {0.172719, 0.448791, 0.557885},
    {0.127568, 0.566949, 0.550556}, {0.157851, 0.683765, 0.501686},
    {0.369214, 0.788888, 0.382914}, {0.678489, 0.863742, 0.189503},
    {0.993248, 0.906157, 0.143936},
};

rgb viridis(double t)
{
    double u = fmin(fmax(t, 0), 1) * (VIRIDIS_STOPS - 1);
    int i = u >= VIRIDIS_STOPS - 1 ? VIRIDIS_STOPS - 2 : (int)u;
    double f = u - i;
    const rgb *a = &viridis_stops[i], *b = &viridis_stops[i + 1];
    return (rgb){a->r + f * (b->r - a->r), a->g + f * (b->g - a->g), a->b + f * (b->b - a->b)};
}
