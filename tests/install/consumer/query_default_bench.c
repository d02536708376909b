/* Queries the default bench's STSAFE-A120 through the installed C ABI; exits 0 on an OK answer. */
#include <keybench/keybench.h>
#include <stdio.h>

static int poll_read(kb_bench* b, uint8_t* out, size_t n) {
  int tries, rc = KB_ERR_ADDRESS_NACK;
  for (tries = 0; tries < 100 && rc == KB_ERR_ADDRESS_NACK; ++tries) {
    rc = kb_i2c_read(b, 0x20, out, n);
    if (rc == KB_ERR_ADDRESS_NACK) kb_sleep_us(b, 10000);
  }
  return rc;
}

int main(void) {
  /* Query host key provisioning control fields, fact sheet 7.1 (CRC included). */
  static const uint8_t query[4] = {0x14, 0x4A, 0x10, 0xE8};
  uint8_t head[5] = {0};
  char err[256];
  int rc;
  kb_bench* b = kb_bench_open(NULL, err, sizeof err);
  if (b == NULL) {
    fprintf(stderr, "kb_bench_open: %s\n", err);
    return 1;
  }
  rc = kb_i2c_write(b, 0x20, query, sizeof query);
  if (rc == KB_OK) rc = poll_read(b, head, sizeof head);
  kb_bench_close(b);
  if (rc != KB_OK || head[0] != 0x00 || head[2] != 0x04) {
    fprintf(stderr, "query failed: %s, header %02X length %02X%02X\n", kb_strerror(rc), head[0], head[1], head[2]);
    return 1;
  }
  printf("keybench %s: query answered OK\n", kb_version());
  return 0;
}
