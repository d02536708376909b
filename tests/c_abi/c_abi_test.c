/*
 * Drives the keybench C ABI from plain C the way a C host library's platform layer would: frames
 * built and CRC'd here (independently of the simulator), NACK polling with virtual sleeps, and
 * the two-read response pattern of the STSAFE-A120 fact sheet
 * (shared/reference/stsafe-a120-protocol.md, sections 1.3-1.5 and 7.1).
 *
 * Usage: c_abi_test SCRATCH_DIR   (state and fixture files are written there)
 */
#include <keybench/keybench.h>
#include <stdio.h>
#include <string.h>

#include "check.h"

#define STSAFE_ADDR 0x20
#define EMPTY_ADDR 0x21
#define POLL_TRIES 100
#define POLL_SLEEP_US 10000

/* CRC-16/X-25 (reflected poly 0x8408, init 0xFFFF, final complement); fact sheet 1.4. */
static uint16_t crc16_x25(const uint8_t* p, size_t n) {
  uint16_t crc = 0xFFFF;
  size_t i;
  int bit;
  for (i = 0; i < n; ++i) {
    crc ^= p[i];
    for (bit = 0; bit < 8; ++bit) crc = (uint16_t)((crc & 1u) ? (crc >> 1) ^ 0x8408u : crc >> 1);
  }
  return (uint16_t)~crc;
}

/* Appends the CRC high byte first, as the STSAFE wire order wants (fact sheet 1.4). */
static size_t add_crc(uint8_t* frame, size_t n) {
  uint16_t crc = crc16_x25(frame, n);
  frame[n] = (uint8_t)(crc >> 8);
  frame[n + 1] = (uint8_t)(crc & 0xFF);
  return n + 2;
}

/* Retries a NACKed transfer after a virtual sleep, like STSELib's polling loop (fact sheet 1.5).
 * Counts sleeps so the caller can reason about virtual time. */
static int poll_write(kb_bench* b, const uint8_t* frame, size_t n, int* sleeps) {
  int tries, rc = KB_ERR_ADDRESS_NACK;
  for (tries = 0; tries < POLL_TRIES; ++tries) {
    rc = kb_i2c_write(b, STSAFE_ADDR, frame, n);
    if (rc != KB_ERR_ADDRESS_NACK) return rc;
    kb_sleep_us(b, POLL_SLEEP_US);
    ++*sleeps;
  }
  return rc;
}

static int poll_read(kb_bench* b, uint8_t* out, size_t n, int* sleeps) {
  int tries, rc = KB_ERR_ADDRESS_NACK;
  for (tries = 0; tries < POLL_TRIES; ++tries) {
    rc = kb_i2c_read(b, STSAFE_ADDR, out, n);
    if (rc != KB_ERR_ADDRESS_NACK) return rc;
    kb_sleep_us(b, POLL_SLEEP_US);
    ++*sleeps;
  }
  return rc;
}

/* One command: write, 5-byte read for the length, then a full re-read from byte 0. Returns the
 * response length, or a negative KB_ERR_* / -100 for a malformed response. */
static int transact(kb_bench* b, const uint8_t* frame, size_t n, uint8_t* rsp, size_t cap, int* sleeps) {
  uint8_t head[5];
  size_t len;
  int rc = poll_write(b, frame, n, sleeps);
  if (rc != KB_OK) return rc;
  rc = poll_read(b, head, sizeof head, sleeps);
  if (rc != KB_OK) return rc;
  len = (size_t)((head[1] << 8) | head[2]) + 3; /* L counts payload + CRC (fact sheet 1.3) */
  if (len > cap) return -100;
  rc = poll_read(b, rsp, len, sleeps);
  if (rc != KB_OK) return rc;
  if (memcmp(head, rsp, len < 5 ? len : 5) != 0) return -100; /* both reads start at byte 0 */
  return (int)len;
}

/* The response CRC covers header + payload and skips the 2-byte length (fact sheet 1.3). */
static int response_crc_ok(const uint8_t* rsp, size_t len) {
  uint8_t covered[64];
  uint16_t crc;
  if (len < 5 || len - 2 > sizeof covered) return 0;
  covered[0] = rsp[0];
  memcpy(covered + 1, rsp + 3, len - 5);
  crc = crc16_x25(covered, len - 4);
  return rsp[len - 2] == (crc >> 8) && rsp[len - 1] == (crc & 0xFF);
}

/* Query host key provisioning control fields (fact sheet 7.1): fills b0/b1, returns 1 on a
 * well-formed OK response. */
static int query_host_key_ctrl(kb_bench* b, uint8_t* b0, uint8_t* b1) {
  uint8_t frame[4] = {0x14, 0x4A};
  uint8_t rsp[16];
  int sleeps = 0;
  int n = transact(b, frame, add_crc(frame, 2), rsp, sizeof rsp, &sleeps);
  if (n != 7 || rsp[0] != 0x00 || !response_crc_ok(rsp, 7)) return 0;
  *b0 = rsp[3];
  *b1 = rsp[4];
  return 1;
}

static void test_crc_vectors(void) {
  static const uint8_t check_str[] = "123456789";
  uint8_t query[4] = {0x14, 0x4A};
  uint8_t put[6] = {0x10, 0x4A, 0x07, 0xFF};
  add_crc(query, 2);
  add_crc(put, 4);
  /* Check value 0x906E (fact sheet 1.4); wire bytes of 7.1 steps 2 and 5. */
  check(crc16_x25(check_str, 9) == 0x906E && query[2] == 0x10 && query[3] == 0xE8 && put[4] == 0x08 && put[5] == 0x03,
        "crc16_x25 matches the fact sheet vectors", "CRC mismatch");
}

static void test_query_default_bench(void) {
  char err[256] = "x";
  uint8_t frame[4] = {0x14, 0x4A};
  uint8_t head[5] = {0}, rsp[16] = {0};
  int rc, n, sleeps = 0;
  uint64_t t0;
  kb_bench* b = kb_bench_open(NULL, err, sizeof err);
  check(b != NULL && err[0] == '\0', "default bench opens", err);
  if (b == NULL) return;
  t0 = kb_now_ns(b);
  add_crc(frame, 2);
  rc = poll_write(b, frame, sizeof frame, &sleeps);
  check(rc == KB_OK, "query 14 4A 10 E8 is acknowledged", kb_strerror(rc));
  rc = poll_read(b, head, sizeof head, &sleeps);
  n = (int)(((unsigned)head[1] << 8) | head[2]) + 3;
  {
    static const uint8_t want[5] = {0x00, 0x00, 0x04, 0x0A, 0xFF}; /* factory fields, fact sheet 8 #4 */
    check(rc == KB_OK && memcmp(head, want, 5) == 0, "first read gives 00 00 04 0A FF", kb_strerror(rc));
  }
  rc = n <= (int)sizeof rsp ? poll_read(b, rsp, (size_t)n, &sleeps) : KB_ERR_ARGUMENT;
  check(rc == KB_OK && n == 7 && memcmp(rsp, head, 5) == 0 && response_crc_ok(rsp, 7),
        "second read repeats the response with a valid CRC", kb_strerror(rc));
  check(kb_now_ns(b) > t0 && kb_now_ns(b) >= (uint64_t)sleeps * POLL_SLEEP_US * 1000u,
        "virtual time advanced by the bus and the sleeps", "kb_now_ns did not move forward");
  kb_bench_close(b);
}

static void test_argument_and_nack_codes(void) {
  uint8_t byte = 0;
  kb_bench* b = kb_bench_open(NULL, NULL, 0);
  if (b == NULL) {
    check(0, "argument and NACK codes", "default bench did not open");
    return;
  }
  check(kb_i2c_write(b, 0x80, &byte, 1) == KB_ERR_ARGUMENT && kb_i2c_read(b, 0xFF, &byte, 1) == KB_ERR_ARGUMENT &&
            kb_i2c_read(b, STSAFE_ADDR, NULL, 4) == KB_ERR_ARGUMENT &&
            kb_i2c_write(NULL, STSAFE_ADDR, &byte, 1) == KB_ERR_ARGUMENT && kb_bench_last_error(b)[0] != '\0',
        "out-of-range address, NULL buffer and NULL bench give KB_ERR_ARGUMENT", kb_bench_last_error(b));
  check(kb_i2c_write(b, EMPTY_ADDR, &byte, 1) == KB_ERR_ADDRESS_NACK &&
            kb_i2c_read(b, EMPTY_ADDR, &byte, 1) == KB_ERR_ADDRESS_NACK &&
            kb_i2c_write_read(b, EMPTY_ADDR, &byte, 1, &byte, 1) == KB_ERR_ADDRESS_NACK &&
            kb_i2c_write_read(b, 0x80, &byte, 1, &byte, 1) == KB_ERR_ARGUMENT,
        "an empty address gives KB_ERR_ADDRESS_NACK", kb_bench_last_error(b));
  /* The reason names the latest failing call, whichever kind of failure came before it. */
  kb_i2c_read(b, EMPTY_ADDR, &byte, 1);
  kb_i2c_write(b, EMPTY_ADDR, &byte, 1);
  check(strcmp(kb_bench_last_error(b), "kb_i2c_write: 0x21: address NACK") == 0,
        "an address NACK is named with its call and address", kb_bench_last_error(b));
  kb_i2c_read(b, EMPTY_ADDR, &byte, 1);
  kb_i2c_write(b, 0x80, &byte, 1);
  check(strstr(kb_bench_last_error(b), "kb_i2c_write: address 0x80 is not a 7-bit address") != NULL,
        "an argument error after a NACK replaces the NACK's reason", kb_bench_last_error(b));
  kb_i2c_write_read(b, EMPTY_ADDR, &byte, 1, &byte, 1);
  kb_sleep_us(b, 1);
  check(kb_bench_last_error(b)[0] == '\0', "a successful call clears a NACK's reason", kb_bench_last_error(b));
  kb_power_off(b);
  {
    int off_rc = kb_i2c_write(b, STSAFE_ADDR, NULL, 0);
    int was_powered = kb_is_powered(b);
    kb_power_on(b);
    check(off_rc == KB_ERR_ADDRESS_NACK && was_powered == 0 && kb_is_powered(b) == 1,
          "an unpowered bench NACKs every address", kb_strerror(off_rc));
  }
  /* The default bench is documented as a 400 kHz bus. */
  check(kb_bus_rate_hz(b) == 400000u && kb_version()[0] != '\0', "default bench runs at 400 kHz", "wrong bus rate");
  check(strcmp(kb_strerror(KB_ERR_ADDRESS_NACK), kb_strerror(KB_ERR_DATA_NACK)) != 0 && kb_strerror(12345) != NULL,
        "kb_strerror names codes apart", "codes share a text");
  kb_bench_close(b);
}

static void test_bad_fixtures(const char* dir) {
  char err[256] = "";
  char path[512];
  FILE* f;
  kb_bench* b = kb_bench_open("/nonexistent/keybench/bench.json", err, sizeof err);
  check(b == NULL && err[0] != '\0', "a missing fixture gives NULL and a reason", "no reason given");
  kb_bench_close(b);

  snprintf(path, sizeof path, "%s/c_abi_bad_fixture.json", dir);
  f = fopen(path, "w");
  if (f == NULL) {
    check(0, "a bad fixture names its JSON path", "cannot write the scratch fixture");
    return;
  }
  fputs("{\"devices\": [{\"name\": \"se\", \"type\": \"no-such-chip\", \"address\": \"0x20\"}]}\n", f);
  fclose(f);
  err[0] = '\0';
  b = kb_bench_open(path, err, sizeof err);
  check(b == NULL && strstr(err, "$.devices[0].type") != NULL && strchr(err, '\n') == NULL,
        "a bad fixture names its JSON path", err);
  kb_bench_close(b);
}

static void test_state_round_trip(const char* dir) {
  char path[512], err[256] = "";
  uint8_t put[6] = {0x10, 0x4A, 0x07, 0xFF}; /* fact sheet 7.1 step 5 */
  uint8_t rsp[16], b0 = 0, b1 = 0;
  int n, sleeps = 0, rc;
  kb_bench* b = kb_bench_open(NULL, NULL, 0);
  if (b == NULL) {
    check(0, "state round trip", "default bench did not open");
    return;
  }
  snprintf(path, sizeof path, "%s/c_abi_state.json", dir);
  n = transact(b, put, add_crc(put, 4), rsp, sizeof rsp, &sleeps);
  rc = kb_bench_save(b, path);
  check(n == 5 && rsp[0] == 0x00 && response_crc_ok(rsp, 5) && rc == KB_OK, "put control fields, then save",
        rc == KB_OK ? "put refused" : kb_bench_last_error(b));
  kb_bench_close(b);

  b = kb_bench_open(NULL, NULL, 0);
  if (b == NULL) return;
  check(query_host_key_ctrl(b, &b0, &b1) && b0 == 0x0A && b1 == 0xFF, "a fresh bench has factory control fields",
        "unexpected fields");
  rc = kb_bench_load_state(b, path, err, sizeof err);
  check(rc == KB_OK && err[0] == '\0' && query_host_key_ctrl(b, &b0, &b1) && b0 == 0x07 && b1 == 0xFF,
        "load_state restores the saved control fields", rc == KB_OK ? "fields not restored" : err);
  snprintf(path, sizeof path, "%s/c_abi_no_such_state.json", dir);
  rc = kb_bench_load_state(b, path, err, sizeof err);
  check(rc == KB_ERR_IO && err[0] != '\0', "a missing state file gives KB_ERR_IO and a reason", kb_strerror(rc));
  kb_bench_close(b);
}

/* Fault plans from C: a bad plan is refused with its JSON path, a forced status reaches the host as
 * that status byte, a clock stretch past the bus timeout is KB_ERR_TIMEOUT, and the trace lists
 * both injections. */
static void test_fault_plan(void) {
  static const char bad[] =
      "{\"format\": \"keybench-faults/1\", \"faults\": [{\"when\": {\"bus_transaction\": 0}, "
      "\"do\": {\"action\": \"melt\"}}]}";
  static const char plan[] =
      "{\"format\": \"keybench-faults/1\", \"faults\": ["
      "{\"when\": {\"command\": \"0x14\"}, \"do\": {\"action\": \"force_status\", \"status\": \"0x11\"}},"
      "{\"when\": {\"command\": \"0x14\", \"occurrence\": 2}, "
      "\"do\": {\"action\": \"clock_stretch\", \"on\": \"read\", \"stretch_ns\": 30000000}}]}";
  char err[256] = "x";
  char trace[2048];
  uint8_t frame[4] = {0x14, 0x4A};
  uint8_t rsp[16];
  int rc, sleeps = 0;
  size_t n;
  kb_bench* b = kb_bench_open(NULL, NULL, 0);
  if (b == NULL) {
    check(0, "fault plans", "default bench did not open");
    return;
  }
  add_crc(frame, 2);
  rc = kb_bench_load_fault_plan(b, bad, err, sizeof err);
  check(rc == KB_ERR_FAULT_PLAN && strstr(err, "<inline>: $.faults[0].do.action:") != NULL,
        "an unknown action is refused with its JSON path", err);
  check(kb_bench_fault_trace_json(b, trace, sizeof trace) == 2 && strcmp(trace, "[]") == 0, "no plan, no records",
        trace);
  rc = kb_bench_load_fault_plan(b, plan, err, sizeof err);
  check(rc == KB_OK && err[0] == '\0', "a good plan loads", err);
  rc = transact(b, frame, sizeof frame, rsp, sizeof rsp, &sleeps);
  /* 0x11 = ACCESS_CONDITION_NOT_SATISFIED (fact sheet 1.6); an error response is header, L = 2, CRC. */
  check(rc == 5 && rsp[0] == 0x11 && response_crc_ok(rsp, 5), "the forced status reaches the host", "wrong answer");
  rc = poll_write(b, frame, sizeof frame, &sleeps);
  kb_sleep_us(b, 10000);
  rc = rc == KB_OK ? kb_i2c_read(b, STSAFE_ADDR, rsp, 5) : rc;
  check(rc == KB_ERR_TIMEOUT, "a stretch past the bus timeout is a timeout", kb_strerror(rc));
  n = kb_bench_fault_trace_json(b, NULL, 0);
  check(n > 0 && n < sizeof trace && kb_bench_fault_trace_json(b, trace, sizeof trace) == n &&
            strstr(trace, "\"action\":\"force_status\"") != NULL &&
            strstr(trace, "\"action\":\"clock_stretch\"") != NULL,
        "the trace lists both injections", trace);
  check(kb_bench_fault_trace_json(b, trace, 4) == n && strlen(trace) == 3, "a short buffer is truncated and terminated",
        trace);
  rc = kb_bench_load_fault_plan(b, NULL, err, sizeof err);
  check(rc == KB_OK && kb_bench_fault_trace_json(b, trace, sizeof trace) == 2, "NULL removes the plan", trace);
  check(strcmp(kb_strerror(KB_ERR_FAULT_PLAN), "fault plan rejected") == 0, "KB_ERR_FAULT_PLAN has a name",
        kb_strerror(KB_ERR_FAULT_PLAN));
  kb_bench_close(b);
}

/* Loading state while a plan is in force: the plan sees none of the load's NVM writes (a power cut
 * at the first write would otherwise fire inside the load), the state arrives whole, the supply
 * stays on; and saving to "" or to a directory fails without writing anything anywhere. */
static void test_state_load_under_fault_plan(const char* dir) {
  static const char cut_first_write[] =
      "{\"format\": \"keybench-faults/1\", \"faults\": [{\"when\": {\"nvm_write\": 0}, "
      "\"do\": {\"action\": \"power_cut\"}}]}";
  char path[512], stray[600], err[256] = "x", trace[64];
  uint8_t put[6] = {0x10, 0x4A, 0x07, 0xFF}; /* fact sheet 7.1 step 5 */
  uint8_t rsp[16], b0 = 0, b1 = 0;
  int sleeps = 0, rc;
  FILE* f;
  kb_bench* b = kb_bench_open(NULL, NULL, 0);
  if (b == NULL) {
    check(0, "state load under a fault plan", "default bench did not open");
    return;
  }
  snprintf(path, sizeof path, "%s/c_abi_state_under_plan.json", dir);
  transact(b, put, add_crc(put, 4), rsp, sizeof rsp, &sleeps);
  check(kb_bench_save(b, path) == KB_OK, "save the changed control fields", kb_bench_last_error(b));
  kb_bench_close(b);

  b = kb_bench_open(NULL, NULL, 0);
  if (b == NULL) return;
  rc = kb_bench_load_fault_plan(b, cut_first_write, err, sizeof err);
  check(rc == KB_OK, "a power cut at the first NVM write is installed", err);
  rc = kb_bench_load_state(b, path, err, sizeof err);
  check(rc == KB_OK && kb_is_powered(b) == 1, "the plan does not fire during the load", err);
  check(query_host_key_ctrl(b, &b0, &b1) && b0 == 0x07 && b1 == 0xFF, "the loaded state is whole",
        "fields not restored");
  check(kb_bench_fault_trace_json(b, trace, sizeof trace) == 2 && strcmp(trace, "[]") == 0,
        "nothing was injected during the load", trace);

  rc = kb_bench_save(b, "");
  f = fopen("./.tmp", "r");
  check(rc == KB_ERR_IO && f == NULL, "saving to \"\" fails and writes nothing", kb_bench_last_error(b));
  if (f != NULL) fclose(f);
  rc = kb_bench_save(b, dir);
  snprintf(stray, sizeof stray, "%s.tmp", dir);
  f = fopen(stray, "r");
  check(rc == KB_ERR_IO && f == NULL && strstr(kb_bench_last_error(b), "is a directory") != NULL,
        "saving over a directory fails and leaves nothing beside it", kb_bench_last_error(b));
  if (f != NULL) fclose(f);
  kb_bench_close(b);
}

int main(int argc, char** argv) {
  const char* dir = argc > 1 ? argv[1] : ".";
  test_crc_vectors();
  test_query_default_bench();
  test_argument_and_nack_codes();
  test_bad_fixtures(dir);
  test_state_round_trip(dir);
  test_fault_plan();
  test_state_load_under_fault_plan(dir);
  printf("c_abi: %d passed, %d failed\n", passed, failed);
  return failed == 0 && passed > 0 ? 0 : 1;
}
