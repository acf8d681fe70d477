/* viridis.h - matplotlib's viridis colour map, for plots and graphs. */
#ifndef SKILL_VIRIDIS_H
#define SKILL_VIRIDIS_H

typedef struct rgb { double r, g, b; } rgb;

/* Viridis at 0, 1/8, ..., 1. */
enum { VIRIDIS_STOPS = 9 };
extern const rgb viridis_stops[VIRIDIS_STOPS];

/* Viridis at T in [0, 1] (clamped), linear between the stops. */
rgb viridis(double t);

#endif
