/* fuzz-input.h: a bounds-checked cursor over a fuzz input, shared by the
 * libFuzzer harnesses.  Reading past the end yields zeros and sets .eof.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef FUZZ_INPUT_H
#define FUZZ_INPUT_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    const uint8_t *p;
    size_t         left;
    int            eof;
} fuzz_in;

static inline uint8_t
fuzz_u8(fuzz_in *in)
{
    if (!in->left) {
        in->eof = 1;
        return 0;
    }
    in->left--;
    return *in->p++;
}

static inline uint16_t
fuzz_u16(fuzz_in *in)
{
    uint16_t hi = fuzz_u8(in);
    return (uint16_t)(hi << 8 | fuzz_u8(in));
}

/* n bytes (fewer at the end of the input): returns the pointer, sets *got. */
static inline const uint8_t *
fuzz_bytes(fuzz_in *in, size_t n, size_t *got)
{
    const uint8_t *p = in->p;
    if (n > in->left)
        n = in->left;
    in->p += n;
    in->left -= n;
    *got = n;
    if (!in->left)
        in->eof = 1;
    return p;
}

#endif /* FUZZ_INPUT_H */
