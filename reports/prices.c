#include "prices.h"

#include <math.h>

#include "lib/banned.h"

double price_per_gpu_hour(double usd_per_hour, int gpus)
{
	return gpus >= 1 ? usd_per_hour / gpus : NAN;
}
