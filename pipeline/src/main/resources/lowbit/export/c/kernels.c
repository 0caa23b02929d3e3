//@ requant
/* How an int32 accumulator becomes an int8 value of the output grid (lowbit.export.integer.Requantization). */
typedef struct {
    const int32_t *multiplier; /* per output channel, or one for all */
    const int8_t *shift;
    int32_t channels;          /* 1: one multiplier and shift for all channels */
    int32_t zero_point;
    int32_t min;               /* int8 clamp: a fused ReLU / ReLU6 narrows it */
    int32_t max;
    int32_t step;              /* fused binary step: max (the code of 1) where acc > 0, else min */
} lowbit_requant;

/* x / 2^e rounded toward minus infinity, without right-shifting a negative number (implementation-defined in C99) */
static int32_t lowbit_asr(int32_t x, int e) {
    return x < 0 ? ~(~x >> e) : x >> e;
}

/* gemmlowp SaturatingRoundingDoublingHighMul: round(a b / 2^31) */
static int32_t lowbit_srdhm(int32_t a, int32_t b) {
    int64_t ab;
    int64_t nudge;
    if (a == INT32_MIN && b == INT32_MIN) return INT32_MAX;
    ab = (int64_t)a * (int64_t)b;
    nudge = ab >= 0 ? ((int64_t)1 << 30) : (1 - ((int64_t)1 << 30));
    return (int32_t)((ab + nudge) / ((int64_t)1 << 31));
}

/* gemmlowp RoundingDivideByPOT: x / 2^e rounded half away from zero, e in 0..31 */
static int32_t lowbit_rdbpot(int32_t x, int e) {
    const int32_t mask = (int32_t)(((int64_t)1 << e) - 1);
    const int32_t remainder = x & mask;
    const int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
    return lowbit_asr(x, e) + (remainder > threshold ? 1 : 0);
}

/* TFLite MultiplyByQuantizedMultiplier: x m 2^(shift - 31), the left shift saturated to int32 */
static int32_t lowbit_mbqm(int32_t x, int32_t m, int shift) {
    const int left = shift > 0 ? shift : 0;
    const int right = shift > 0 ? 0 : -shift;
    int64_t v = (int64_t)x * ((int64_t)1 << left);
    if (v > INT32_MAX) v = INT32_MAX;
    if (v < INT32_MIN) v = INT32_MIN;
    return lowbit_rdbpot(lowbit_srdhm((int32_t)v, m), right);
}

static int8_t lowbit_requantize(int32_t acc, const lowbit_requant *rq, int32_t c) {
    int64_t v;
    if (rq->step) return (int8_t)(acc > 0 ? rq->max : rq->min);
    if (rq->channels == 1) c = 0;
    v = (int64_t)lowbit_mbqm(acc, rq->multiplier[c], rq->shift[c]) + rq->zero_point;
    if (v < rq->min) v = rq->min;
    if (v > rq->max) v = rq->max;
    return (int8_t)v;
}

//@ unpack
/* count weight codes starting at code index first: b bits each, stored k + 2^(b-1) - 1 (b = 1: 0 / 1 for -1 / +1),
   least significant bit first; the arrays have one padding byte for the two-byte read */
static void lowbit_unpack(const uint8_t *packed, uint32_t first, int32_t count, int bits, int8_t *out) {
    const uint32_t mask = (1u << bits) - 1u;
    const int32_t offset = (1 << (bits - 1)) - 1;
    uint32_t bit = first * (uint32_t)bits;
    int32_t i;
    if (bits == 8) {
        for (i = 0; i < count; i++) out[i] = (int8_t)((int32_t)packed[first + (uint32_t)i] - 127);
        return;
    }
    for (i = 0; i < count; i++, bit += (uint32_t)bits) {
        uint32_t v = ((uint32_t)packed[bit >> 3] | ((uint32_t)packed[(bit >> 3) + 1] << 8)) >> (bit & 7u);
        v &= mask;
        out[i] = (int8_t)(bits == 1 ? 2 * (int32_t)v - 1 : (int32_t)v - offset);
    }
}

//@ input
/* uint8 pixels (channel-major) to the int8 input: the model's scaling and the input grid in one table per channel */
static void lowbit_input(const uint8_t *image, int8_t *x, int32_t channels, int32_t plane, const int8_t *table) {
    int32_t c;
    int32_t i;
    for (c = 0; c < channels; c++) {
        for (i = 0; i < plane; i++) x[c * plane + i] = table[c * 256 + image[c * plane + i]];
    }
}

//@ conv
/* convolution, x [in_c][in_h][in_w], weights [out_c][in_c][k][k]; the window is clipped to the map (padding is real
   zeros, which are x_zp and add nothing); acc = sum w (x - x_zp) 2^acc_shift + bias, the shift giving the bias and the
   requantization fractional bits */
static void lowbit_conv(const int8_t *x, int32_t in_c, int32_t in_h, int32_t in_w, int8_t *y, int32_t out_c,
                        int32_t out_h, int32_t out_w, int32_t k, int32_t stride, int32_t pad_top, int32_t pad_left,
                        int32_t x_zp, const uint8_t *w, int bits, int8_t *wbuf, const int32_t *bias, int acc_shift,
                        const lowbit_requant *rq) {
    const int32_t per = in_c * k * k;
    const int32_t plane = in_h * in_w;
    int32_t oc, oy, ox, ic, ky, kx;
    for (oc = 0; oc < out_c; oc++) {
        lowbit_unpack(w, (uint32_t)(oc * per), per, bits, wbuf);
        for (oy = 0; oy < out_h; oy++) {
            const int32_t y0 = oy * stride - pad_top;
            const int32_t ky0 = y0 < 0 ? -y0 : 0;
            const int32_t ky1 = in_h - y0 < k ? in_h - y0 : k;
            for (ox = 0; ox < out_w; ox++) {
                const int32_t x0 = ox * stride - pad_left;
                const int32_t kx0 = x0 < 0 ? -x0 : 0;
                const int32_t kx1 = in_w - x0 < k ? in_w - x0 : k;
                int32_t acc = 0;
                for (ic = 0; ic < in_c; ic++) {
                    /* integer offsets: y0 and x0 may be negative, a pointer before the array would be undefined */
                    const int32_t xbase = ic * plane + y0 * in_w + x0;
                    const int8_t *wc = wbuf + ic * k * k;
                    for (ky = ky0; ky < ky1; ky++) {
                        const int32_t xr = xbase + ky * in_w;
                        const int8_t *wr = wc + ky * k;
                        for (kx = kx0; kx < kx1; kx++) acc += ((int32_t)x[xr + kx] - x_zp) * (int32_t)wr[kx];
                    }
                }
                y[(oc * out_h + oy) * out_w + ox] = lowbit_requantize(acc * ((int32_t)1 << acc_shift) + bias[oc], rq, oc);
            }
        }
    }
}

//@ depthwise
/* depthwise convolution (multiplier 1), weights [c][k][k], the window clipped and the accumulator as in lowbit_conv */
static void lowbit_depthwise(const int8_t *x, int32_t channels, int32_t in_h, int32_t in_w, int8_t *y, int32_t out_h,
                             int32_t out_w, int32_t k, int32_t stride, int32_t pad_top, int32_t pad_left, int32_t x_zp,
                             const uint8_t *w, int bits, int8_t *wbuf, const int32_t *bias, int acc_shift,
                             const lowbit_requant *rq) {
    int32_t c, oy, ox, ky, kx;
    for (c = 0; c < channels; c++) {
        const int8_t *xc = x + c * in_h * in_w;
        lowbit_unpack(w, (uint32_t)(c * k * k), k * k, bits, wbuf);
        for (oy = 0; oy < out_h; oy++) {
            const int32_t y0 = oy * stride - pad_top;
            const int32_t ky0 = y0 < 0 ? -y0 : 0;
            const int32_t ky1 = in_h - y0 < k ? in_h - y0 : k;
            for (ox = 0; ox < out_w; ox++) {
                const int32_t x0 = ox * stride - pad_left;
                const int32_t kx0 = x0 < 0 ? -x0 : 0;
                const int32_t kx1 = in_w - x0 < k ? in_w - x0 : k;
                int32_t acc = 0;
                for (ky = ky0; ky < ky1; ky++) {
                    const int32_t xr = (y0 + ky) * in_w + x0;
                    const int8_t *wr = wbuf + ky * k;
                    for (kx = kx0; kx < kx1; kx++) acc += ((int32_t)xc[xr + kx] - x_zp) * (int32_t)wr[kx];
                }
                y[(c * out_h + oy) * out_w + ox] = lowbit_requantize(acc * ((int32_t)1 << acc_shift) + bias[c], rq, c);
            }
        }
    }
}

//@ dense
/* fully connected, weights [out][in], the accumulator as in lowbit_conv */
static void lowbit_dense(const int8_t *x, int32_t in, int8_t *y, int32_t out, int32_t x_zp, const uint8_t *w, int bits,
                         int8_t *wbuf, const int32_t *bias, int acc_shift, const lowbit_requant *rq) {
    int32_t o, i;
    for (o = 0; o < out; o++) {
        int32_t acc = 0;
        lowbit_unpack(w, (uint32_t)(o * in), in, bits, wbuf);
        for (i = 0; i < in; i++) acc += ((int32_t)x[i] - x_zp) * (int32_t)wbuf[i];
        y[o] = lowbit_requantize(acc * ((int32_t)1 << acc_shift) + bias[o], rq, o);
    }
}

//@ dense_scores
/* the classifier: float logits, score = (float) acc * scale, the accumulator as in lowbit_conv */
static void lowbit_dense_scores(const int8_t *x, int32_t in, float *scores, int32_t out, int32_t x_zp, const uint8_t *w,
                                int bits, int8_t *wbuf, const int32_t *bias, int acc_shift, const float *scale) {
    int32_t o, i;
    for (o = 0; o < out; o++) {
        int32_t acc = 0;
        lowbit_unpack(w, (uint32_t)(o * in), in, bits, wbuf);
        for (i = 0; i < in; i++) acc += ((int32_t)x[i] - x_zp) * (int32_t)wbuf[i];
        scores[o] = (float)(acc * ((int32_t)1 << acc_shift) + bias[o]) * scale[o];
    }
}

//@ maxpool
/* max pooling without padding; the output keeps the input's grid */
static void lowbit_maxpool(const int8_t *x, int32_t channels, int32_t in_h, int32_t in_w, int8_t *y, int32_t out_h,
                           int32_t out_w, int32_t kh, int32_t kw, int32_t stride) {
    int32_t c, oy, ox, ky, kx;
    for (c = 0; c < channels; c++) {
        for (oy = 0; oy < out_h; oy++) {
            for (ox = 0; ox < out_w; ox++) {
                int32_t best = -128;
                for (ky = 0; ky < kh; ky++) {
                    for (kx = 0; kx < kw; kx++) {
                        const int32_t v = x[(c * in_h + oy * stride + ky) * in_w + ox * stride + kx];
                        if (v > best) best = v;
                    }
                }
                y[(c * out_h + oy) * out_w + ox] = (int8_t)best;
            }
        }
    }
}

//@ avgpool
/* average pooling without padding: acc = (sum x - n x_zp) 2^acc_shift, requantized with
   scale_in / (n scale_out 2^acc_shift) */
static void lowbit_avgpool(const int8_t *x, int32_t channels, int32_t in_h, int32_t in_w, int8_t *y, int32_t out_h,
                           int32_t out_w, int32_t kh, int32_t kw, int32_t stride, int32_t x_zp, int acc_shift,
                           const lowbit_requant *rq) {
    int32_t c, oy, ox, ky, kx;
    for (c = 0; c < channels; c++) {
        for (oy = 0; oy < out_h; oy++) {
            for (ox = 0; ox < out_w; ox++) {
                int32_t acc = -kh * kw * x_zp;
                for (ky = 0; ky < kh; ky++) {
                    for (kx = 0; kx < kw; kx++) acc += x[(c * in_h + oy * stride + ky) * in_w + ox * stride + kx];
                }
                y[(c * out_h + oy) * out_w + ox] = lowbit_requantize(acc * ((int32_t)1 << acc_shift), rq, 0);
            }
        }
    }
}

//@ add
/* TFLite's quantized ADD for n inputs: each (x - zp) 2^20 rescaled to a common unit, summed, requantized */
static void lowbit_add(const int8_t *const *x, const int32_t *x_zp, const int32_t *multiplier, const int8_t *shift,
                       int32_t inputs, int8_t *y, int32_t size, const lowbit_requant *rq) {
    int32_t i, j;
    for (i = 0; i < size; i++) {
        int32_t sum = 0;
        for (j = 0; j < inputs; j++) {
            const int32_t shifted = ((int32_t)x[j][i] - x_zp[j]) * (1 << 20);
            sum += lowbit_mbqm(shifted, multiplier[j], shift[j]);
        }
        y[i] = lowbit_requantize(sum, rq, 0);
    }
}

//@ affine
/* a batch norm that is not folded: acc = weight_c (x - zp) + bias_c (weight_c = +-2^P), requantized per channel */
static void lowbit_affine(const int8_t *x, int32_t channels, int32_t plane, int8_t *y, int32_t x_zp, const int32_t *weight,
                          const int32_t *bias, const lowbit_requant *rq) {
    int32_t c, i;
    for (c = 0; c < channels; c++) {
        for (i = 0; i < plane; i++) {
            const int32_t acc = weight[c] * ((int32_t)x[c * plane + i] - x_zp) + bias[c];
            y[c * plane + i] = lowbit_requantize(acc, rq, c);
        }
    }
}

//@ subsample
/* every stride-th row and column */
static void lowbit_subsample(const int8_t *x, int32_t channels, int32_t in_h, int32_t in_w, int8_t *y, int32_t out_h,
                             int32_t out_w, int32_t stride) {
    int32_t c, oy, ox;
    for (c = 0; c < channels; c++) {
        for (oy = 0; oy < out_h; oy++) {
            for (ox = 0; ox < out_w; ox++) y[(c * out_h + oy) * out_w + ox] = x[(c * in_h + oy * stride) * in_w + ox * stride];
        }
    }
}

//@ copy
/* channels of one tensor into another (concatenation, channel slices): model.c needs no C library */
static void lowbit_copy(const int8_t *x, int8_t *y, int32_t count) {
    int32_t i;
    for (i = 0; i < count; i++) y[i] = x[i];
}

//@ fill
/* zero channels: the value of 0 on the grid (its zero point) */
static void lowbit_fill(int8_t *y, int32_t value, int32_t count) {
    int32_t i;
    for (i = 0; i < count; i++) y[i] = (int8_t)value;
}
