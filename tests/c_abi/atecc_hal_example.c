/*
 * An ATECC608A host's platform layer on the keybench C ABI, and a session through it: wake,
 * Info (revision), sleep. The layer has the six operations a cryptoauthlib custom I2C HAL
 * implements (docs/c-host-integration.md maps them one by one):
 *   send    word address then bytes in one write        kb_i2c_write
 *   receive one read                                     kb_i2c_read
 *   wake    100 kHz, address 0x00, tWHI, token read      kb_i2c_set_rate_hz, kb_i2c_write, kb_sleep_us
 *   idle    word address 0x02                            kb_i2c_write
 *   sleep   word address 0x01                            kb_i2c_write
 *   rate    change of bus speed                          kb_i2c_set_rate_hz
 * Packets and their CRC are built here from the fact sheet (shared/reference/psa-se-atecc608a.md
 * B5.2-B5.7), independently of the simulator.
 *
 * Usage: atecc_hal_example FIXTURE   (a bench with an ATECC608A at 0x60)
 */
#include <keybench/keybench.h>
#include <stdio.h>
#include <string.h>

#include "check.h"

#define ATECC_ADDR 0x60
#define WORKING_RATE_HZ 400000u
#define WAKE_RATE_HZ 100000u
#define WAKE_HIGH_US 1500u /* tWHI as cryptoauthlib waits it */
#define POLL_FIRST_US 1000u
#define POLL_INTERVAL_US 1000u
#define POLL_LIMIT_US 20000u /* above Info's longest execution time in the B6.1 table */

/* B5.5: polynomial 0x8005, initial 0, data bits fed LSB first into a left-shifting register. */
static uint16_t atecc_crc(const uint8_t* p, size_t n) {
  uint16_t reg = 0;
  size_t i;
  int bit;
  for (i = 0; i < n; ++i) {
    for (bit = 0; bit < 8; ++bit) {
      unsigned d = (p[i] >> bit) & 1u;
      unsigned c = (reg >> 15) & 1u;
      reg = (uint16_t)(reg << 1);
      if (d != c) reg ^= 0x8005u;
    }
  }
  return reg;
}

/* --- the platform layer ------------------------------------------------------------------- */

static int hal_send(kb_bench* b, uint8_t word_address, const uint8_t* data, size_t n) {
  uint8_t wire[1 + 160];
  if (n > sizeof wire - 1) return KB_ERR_ARGUMENT;
  wire[0] = word_address;
  if (n > 0) memcpy(wire + 1, data, n);
  return kb_i2c_write(b, ATECC_ADDR, wire, n + 1);
}

static int hal_receive(kb_bench* b, uint8_t* out, size_t n) {
  return kb_i2c_read(b, ATECC_ADDR, out, n);
}

static int hal_change_rate(kb_bench* b, uint32_t hz) {
  return kb_i2c_set_rate_hz(b, hz);
}

/* Nobody answers address 0x00, but its eight zero bits and the missing ACK hold SDA low for about
 * 85 us at 100 kHz, longer than tWLO: the chip wakes on the rising edge. */
static int hal_wake(kb_bench* b, uint8_t token[4]) {
  int rc;
  if ((rc = hal_change_rate(b, WAKE_RATE_HZ)) != KB_OK) return rc;
  (void)kb_i2c_write(b, 0x00, NULL, 0);
  kb_sleep_us(b, WAKE_HIGH_US);
  if ((rc = hal_change_rate(b, WORKING_RATE_HZ)) != KB_OK) return rc;
  return hal_receive(b, token, 4);
}

static int hal_idle(kb_bench* b) {
  return hal_send(b, 0x02, NULL, 0);
}

static int hal_sleep(kb_bench* b) {
  return hal_send(b, 0x01, NULL, 0);
}

/* --- a command on top of it --------------------------------------------------------------- */

/* Sends count | opcode | param1 | param2 | CRC after word address 0x03, polls the count byte while
 * the chip NACKs (it executes), then reads the rest of the group and checks its CRC. */
static int execute(kb_bench* b, uint8_t opcode, uint8_t param1, uint16_t param2, uint8_t* rsp, size_t cap,
                   size_t* got) {
  uint8_t packet[7];
  uint16_t crc;
  unsigned waited = POLL_FIRST_US;
  int rc;
  packet[0] = 7;
  packet[1] = opcode;
  packet[2] = param1;
  packet[3] = (uint8_t)(param2 & 0xFF);
  packet[4] = (uint8_t)(param2 >> 8);
  crc = atecc_crc(packet, 5);
  packet[5] = (uint8_t)(crc & 0xFF);
  packet[6] = (uint8_t)(crc >> 8);
  if ((rc = hal_send(b, 0x03, packet, sizeof packet)) != KB_OK) return rc;
  kb_sleep_us(b, POLL_FIRST_US);
  while ((rc = hal_receive(b, rsp, 1)) == KB_ERR_ADDRESS_NACK && waited < POLL_LIMIT_US) {
    kb_sleep_us(b, POLL_INTERVAL_US);
    waited += POLL_INTERVAL_US;
  }
  if (rc != KB_OK) return rc;
  if (rsp[0] < 4 || rsp[0] > cap) return KB_ERR_STATE;
  if ((rc = hal_receive(b, rsp + 1, (size_t)rsp[0] - 1)) != KB_OK) return rc;
  crc = atecc_crc(rsp, (size_t)rsp[0] - 2);
  if (rsp[rsp[0] - 2] != (uint8_t)(crc & 0xFF) || rsp[rsp[0] - 1] != (uint8_t)(crc >> 8)) return KB_ERR_STATE;
  *got = rsp[0];
  return KB_OK;
}

int main(int argc, char** argv) {
  char err[256];
  char detail[128];
  uint8_t token[4] = {0};
  uint8_t rsp[16];
  size_t got = 0;
  int rc;
  kb_bench* b;
  static const uint8_t kWakeToken[4] = {0x04, 0x11, 0x33, 0x43};
  static const uint8_t kInfoPacketCheck[5] = {0x07, 0x30, 0x00, 0x00, 0x00};
  static const uint8_t kRevision[4] = {0x00, 0x00, 0x60, 0x02};

  if (argc < 2) {
    fprintf(stderr, "usage: atecc_hal_example FIXTURE\n");
    return 2;
  }
  b = kb_bench_open(argv[1], err, sizeof err);
  if (b == NULL) {
    printf("FAIL open %s: %s\n", argv[1], err);
    return 1;
  }

  /* B5.5's worked example: Info is 07 30 00 00 00 03 5D. */
  check(atecc_crc(kInfoPacketCheck, 5) == 0x5D03, "packet CRC of the Info command is 0x5D03", "CRC differs");

  check(kb_i2c_write(b, ATECC_ADDR, NULL, 0) == KB_ERR_ADDRESS_NACK, "a sleeping chip NACKs its address",
        kb_bench_last_error(b));
  check(kb_i2c_set_rate_hz(b, 0) == KB_ERR_ARGUMENT && kb_bus_rate_hz(b) == WORKING_RATE_HZ,
        "a rate of 0 Hz is refused and the rate stays", kb_bench_last_error(b));
  check(kb_i2c_set_rate_hz(b, 3400001u) == KB_ERR_ARGUMENT && strstr(kb_bench_last_error(b), "outside") != NULL,
        "a rate above 3.4 MHz is refused with a reason", kb_bench_last_error(b));

  /* At the working rate the same address byte is too short to wake the chip. */
  (void)kb_i2c_write(b, 0x00, NULL, 0);
  kb_sleep_us(b, WAKE_HIGH_US);
  check(hal_receive(b, token, 4) == KB_ERR_ADDRESS_NACK, "address 0x00 at 400 kHz does not wake the chip",
        "the chip answered");

  rc = hal_wake(b, token);
  snprintf(detail, sizeof detail, "rc %d, token %02X %02X %02X %02X", rc, token[0], token[1], token[2], token[3]);
  check(rc == KB_OK && memcmp(token, kWakeToken, 4) == 0, "wake at 100 kHz answers 04 11 33 43", detail);
  check(kb_bus_rate_hz(b) == WORKING_RATE_HZ, "the wake restores the working rate", "rate not restored");

  rc = execute(b, 0x30, 0x00, 0x0000, rsp, sizeof rsp, &got);
  snprintf(detail, sizeof detail, "rc %d, %u bytes", rc, (unsigned)got);
  check(rc == KB_OK && got == 7 && memcmp(rsp + 1, kRevision, 4) == 0, "Info (revision) answers 00 00 60 02", detail);

  check(hal_idle(b) == KB_OK, "idle is acknowledged", kb_bench_last_error(b));
  check(hal_receive(b, rsp, 1) == KB_ERR_ADDRESS_NACK, "an idle chip NACKs its address", "the chip answered");
  rc = hal_wake(b, token);
  check(rc == KB_OK && memcmp(token, kWakeToken, 4) == 0, "an idle chip wakes again", kb_bench_last_error(b));
  check(hal_sleep(b) == KB_OK, "sleep is acknowledged", kb_bench_last_error(b));
  check(hal_receive(b, rsp, 1) == KB_ERR_ADDRESS_NACK, "a sleeping chip NACKs its address again", "the chip answered");

  kb_bench_close(b);
  printf("atecc_hal_example: %d passed, %d failed\n", passed, failed);
  return failed == 0 && passed > 0 ? 0 : 1;
}
