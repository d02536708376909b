#ifndef KEYBENCH_KEYBENCH_H
#define KEYBENCH_KEYBENCH_H
/*
 * keybench C ABI: drive a simulated bench (virtual clock, I2C bus, secure-element models) from C,
 * so an unmodified C host library can run against the models through its platform layer.
 *
 * Conventions
 * - Functions returning int give 0 on success and a negative KB_ERR_* code otherwise.
 * - No function blocks on wall-clock time; every wait is virtual (kb_sleep_us).
 * - A bench is not thread-safe: use one bench from one thread at a time. Separate benches are
 *   independent and may be used from different threads.
 * - Text written into a caller's err buffer is always NUL-terminated and truncated to err_len.
 */
#include <stddef.h>
#include <stdint.h>

#if defined(KB_BUILDING_LIBRARY) && defined(__GNUC__)
#define KB_API __attribute__((visibility("default")))
#else
#define KB_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Result codes. Values are part of the ABI and never change. */
#define KB_OK 0
#define KB_ERR_ADDRESS_NACK (-1) /* nobody answered the address byte (absent, busy or unpowered) */
#define KB_ERR_DATA_NACK (-2)    /* the target refused a data byte of a write */
#define KB_ERR_BUS (-3)          /* bus error (arbitration loss, misplaced START/STOP) */
#define KB_ERR_TIMEOUT (-4)      /* the target held the clock past the bus timeout */
#define KB_ERR_ARGUMENT (-5)     /* NULL bench, NULL buffer with a non-zero length, address > 0x7F */
#define KB_ERR_IO (-6)           /* a file could not be read or written */
#define KB_ERR_STATE (-7)        /* a state file does not fit the bench, or the model failed */
#define KB_ERR_FAULT_PLAN (-8)   /* a fault plan is malformed or names what the bench lacks */
#define KB_ERR_REMOTE (-9)       /* kb_remote_open bench: connection lost, or the server refused the request */

typedef struct kb_bench kb_bench;

/* Opens a bench from a JSON fixture file, or the default bench when fixture_path is NULL: a
 * factory-personalised STSAFE-A120 at 7-bit address 0x20 on a 400 kHz bus. Returns NULL on failure and
 * writes a one-line reason (file, JSON path, problem) into err (err may be NULL). */
KB_API kb_bench* kb_bench_open(const char* fixture_path, char* err, size_t err_len);

/* Connects to a bench served by `keybench serve` (docs/remote-protocol.md) and returns a handle
 * every other kb_* function takes, exactly as an opened one: "unix:PATH" or "tcp:HOST:PORT",
 * optionally "#BENCH" to pick one of several served benches ("remote:" in front is accepted).
 * token: what the server's --token-file holds, or NULL. Requests are round trips on the socket;
 * the bench's state and fault plan live in the server, kb_bench_save and kb_bench_load_state
 * read and write files on this machine. A lost connection makes every later call fail with
 * KB_ERR_REMOTE. Returns NULL on failure with the reason in err. */
KB_API kb_bench* kb_remote_open(const char* endpoint, const char* token, char* err, size_t err_len);

/* Frees the bench (or closes the connection of a kb_remote_open one); NULL is ignored. */
KB_API void kb_bench_close(kb_bench* bench);

/* One write transaction: START, address+W, len bytes, STOP. len may be 0 (an address probe). */
KB_API int kb_i2c_write(kb_bench* bench, uint8_t addr7, const uint8_t* data, size_t len);

/* One read transaction: START, address+R, len bytes, STOP. On a NACK, data is left unchanged. */
KB_API int kb_i2c_read(kb_bench* bench, uint8_t addr7, uint8_t* data, size_t len);

/* Write, repeated START, read, STOP. A NACK during the write phase ends the transaction and
 * leaves rx unchanged. */
KB_API int kb_i2c_write_read(kb_bench* bench, uint8_t addr7, const uint8_t* tx, size_t tx_len, uint8_t* rx,
                             size_t rx_len);

/* Advances virtual time; devices finish their work meanwhile. Returns at once in wall time. */
KB_API void kb_sleep_us(kb_bench* bench, uint64_t us);

/* Virtual time since the bench was opened, in nanoseconds (0 for a NULL bench). */
KB_API uint64_t kb_now_ns(const kb_bench* bench);

/* Supply off: every device loses its volatile state; the bus NACKs every address until power on. */
KB_API int kb_power_off(kb_bench* bench);
KB_API int kb_power_on(kb_bench* bench);
/* kb_power_off then kb_power_on. */
KB_API int kb_power_cycle(kb_bench* bench);
/* 1 when powered, 0 when off or bench is NULL. */
KB_API int kb_is_powered(const kb_bench* bench);

/* Bus clock rate in Hz (0 for a NULL bench). */
KB_API uint32_t kb_bus_rate_hz(const kb_bench* bench);

/* Sets the bus clock rate from the next transaction on (1..3400000 Hz; KB_ERR_ARGUMENT outside,
 * and the rate is unchanged). Byte times follow the rate, and so do the SDA low times a device
 * that wakes on SDA sees: an ATECC608A host drops to 100 kHz so that an address byte of 0x00
 * holds SDA low long enough to wake the chip, then goes back to its working rate. */
KB_API int kb_i2c_set_rate_hz(kb_bench* bench, uint32_t rate_hz);

/* Writes the persistent state of every device to a JSON file, replaced atomically: a reader sees
 * the old file or the new one, and on failure the old one is untouched. The state holds keys: a new
 * file is created 0600, an existing one keeps its mode, a symlink's target is replaced.
 * KB_ERR_IO on failure (an empty path or a directory included); kb_bench_last_error says why. */
KB_API int kb_bench_save(kb_bench* bench, const char* path);

/* Restores device states saved by kb_bench_save. All-or-nothing: on failure no device changes.
 * A fault plan in force sees none of the load's NVM writes and fires nothing during it.
 * KB_ERR_IO if the file cannot be read, KB_ERR_STATE if its content does not fit this bench. */
KB_API int kb_bench_load_state(kb_bench* bench, const char* path, char* err, size_t err_len);

/* Installs a fault plan given as JSON text ({"format": "keybench-faults/1", "seed": N,
 * "faults": [{"when": {...}, "do": {...}}]}), replacing any plan in force and its records; NULL
 * json_text removes the plan. Bus transactions and NVM writes are counted from this call on, so
 * load state first. A bad plan changes nothing: KB_ERR_FAULT_PLAN, with err (and
 * kb_bench_last_error) naming the problem as "<inline>: $.faults[0].do.action: ...". */
KB_API int kb_bench_load_fault_plan(kb_bench* bench, const char* json_text, char* err, size_t err_len);

/* The faults injected so far, as a JSON array of records {"index", "fault", "time_ns", "trigger",
 * "action", "device", "where", "detail"[, "before", "after"]}; "[]" when none or no plan. Writes at
 * most out_len - 1 bytes and a NUL (out may be NULL when out_len is 0) and returns the length of
 * the whole text, as snprintf does, so a caller can size its buffer. 0 for a NULL bench. */
KB_API size_t kb_bench_fault_trace_json(const kb_bench* bench, char* out, size_t out_len);

/* Why the most recent failing call on this bench failed (including NACKs), or "". Cleared by the
 * next successful kb_i2c_*, kb_power_*, kb_sleep_us, kb_bench_save or kb_bench_load_state call.
 * Valid until the next call on the same bench. */
KB_API const char* kb_bench_last_error(const kb_bench* bench);

/* A short static description of a result code; never NULL. */
KB_API const char* kb_strerror(int code);

/* The library version, "MAJOR.MINOR.PATCH". */
KB_API const char* kb_version(void);

#ifdef __cplusplus
}
#endif

#endif /* KEYBENCH_KEYBENCH_H */
