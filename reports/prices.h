/* docs/models.md section 6: normalising a rental quote (the index itself is the store's v_price_index). */
#ifndef GW_PRICES_H
#define GW_PRICES_H

/* USD per GPU-hour of an instance priced usd_per_hour with gpus GPUs; NaN when gpus < 1 (never guessed). */
double price_per_gpu_hour(double usd_per_hour, int gpus);

#endif
