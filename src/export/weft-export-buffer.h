/* weft-export-buffer.h: a large output buffer that formats numbers by hand
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The trace writer puts a few dozen small pieces per event, millions of
 * times.  Through stdio each piece costs a locked call and every number
 * a trip through printf's format parser; here a piece is a memcpy into
 * one big buffer, handed to the file a megabyte at a time.  The buffer
 * also counts the work done, to report progress and notice cancellation.
 */

#pragma once

#include <string.h>

#include "weft-export.h"

G_BEGIN_DECLS

#define WEFT_EXPORT_BUFFER_SIZE (1u << 20)

typedef struct
{
  FILE *file;
  char *data;                       /* WEFT_EXPORT_BUFFER_SIZE bytes */
  gsize len;
  int write_errno;                  /* of the first failed write; 0 while none failed */
  gboolean cancelled;

  WeftExportProgressFunc progress;
  gpointer progress_data;
  GCancellable *cancellable;
  guint64 done;                     /* items written, of total */
  guint64 total;
  guint64 next_report;              /* when done reaches it, report and look for a cancel */
  guint64 report_step;
} WeftExportBuffer;

void     weft_export_buffer_init            (WeftExportBuffer        *buffer,
                                             FILE                    *file,
                                             const WeftExportOptions *options,
                                             guint64                  total);
void     weft_export_buffer_flush           (WeftExportBuffer        *buffer);
gboolean weft_export_buffer_report          (WeftExportBuffer        *buffer);
gboolean weft_export_buffer_finish          (WeftExportBuffer        *buffer,
                                             GError                 **error);
void     weft_export_buffer_put_large       (WeftExportBuffer        *buffer,
                                             const char              *bytes,
                                             gsize                    n);
void     weft_export_buffer_put_json_string (WeftExportBuffer        *buffer,
                                             const char              *text);
char    *weft_export_json_string            (const char              *text);
void     weft_export_set_io_error           (GError                 **error,
                                             int                      saved_errno);

/* Makes room for @n more bytes; @n must be well under the buffer's size. */
static inline char *
weft_export_buffer_room (WeftExportBuffer *buffer,
                         gsize             n)
{
  if (G_UNLIKELY (buffer->len + n > WEFT_EXPORT_BUFFER_SIZE))
    weft_export_buffer_flush (buffer);
  return buffer->data + buffer->len;
}

static inline void
weft_export_buffer_put (WeftExportBuffer *buffer,
                        const char       *bytes,
                        gsize             n)
{
  if (G_UNLIKELY (n > WEFT_EXPORT_BUFFER_SIZE / 4))
    {
      weft_export_buffer_put_large (buffer, bytes, n);
      return;
    }
  memcpy (weft_export_buffer_room (buffer, n), bytes, n);
  buffer->len += n;
}

/* For string literals: the length is known when compiling. */
#define weft_export_buffer_put_literal(buffer, literal) \
  weft_export_buffer_put ((buffer), "" literal, sizeof (literal) - 1)

static inline void
weft_export_buffer_put_c (WeftExportBuffer *buffer,
                          char              c)
{
  *weft_export_buffer_room (buffer, 1) = c;
  buffer->len++;
}

/* Decimal digits of @value, written backwards ending at @end, two at a
 * time: a division per two digits instead of one per digit. */
static inline char *
weft_export_format_digits (char    *end,
                           guint64  value)
{
  static const char pairs[] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

  while (value >= 100)
    {
      const char *pair = &pairs[(value % 100) * 2];

      value /= 100;
      *--end = pair[1];
      *--end = pair[0];
    }
  if (value >= 10)
    {
      *--end = pairs[value * 2 + 1];
      *--end = pairs[value * 2];
    }
  else
    *--end = (char) ('0' + value);
  return end;
}

static inline void
weft_export_buffer_put_int (WeftExportBuffer *buffer,
                            gint64            value)
{
  char digits[24];
  char *end = digits + sizeof digits;
  /* Negated as unsigned, so G_MININT64 has a positive magnitude too. */
  guint64 magnitude = value < 0 ? -(guint64) value : (guint64) value;
  char *start = weft_export_format_digits (end, magnitude);

  if (value < 0)
    *--start = '-';
  weft_export_buffer_put (buffer, start, end - start);
}

/* Nanoseconds as microseconds with exactly three decimals, as the trace
 * format wants; equal nanoseconds always give the same characters. */
static inline void
weft_export_buffer_put_micros (WeftExportBuffer *buffer,
                               gint64            ns)
{
  char digits[32];
  char *const end = digits + sizeof digits;
  guint64 magnitude = ns < 0 ? -(guint64) ns : (guint64) ns;
  guint fraction = magnitude % 1000;
  char *start = end;

  *--start = (char) ('0' + fraction % 10);
  *--start = (char) ('0' + fraction / 10 % 10);
  *--start = (char) ('0' + fraction / 100);
  *--start = '.';
  start = weft_export_format_digits (start, magnitude / 1000);
  if (ns < 0)
    *--start = '-';
  weft_export_buffer_put (buffer, start, end - start);
}

/* One more item done; FALSE once the export should stop (cancelled, or
 * the file cannot take more). */
static inline gboolean
weft_export_buffer_advance (WeftExportBuffer *buffer)
{
  if (G_LIKELY (++buffer->done < buffer->next_report))
    return TRUE;
  return weft_export_buffer_report (buffer);
}

G_END_DECLS
