#ifndef KEYBENCH_TESTS_C_ABI_CHECK_H
#define KEYBENCH_TESTS_C_ABI_CHECK_H
/* One line per check ("ok NAME" or "FAIL NAME: DETAIL") and the tallies main() reports; for the C
 * programs of this folder, each a single translation unit. */
#include <stdio.h>

static int passed;
static int failed;

static void check(int ok, const char* name, const char* detail) {
  if (ok) {
    ++passed;
    printf("ok   %s\n", name);
  } else {
    ++failed;
    printf("FAIL %s: %s\n", name, detail);
  }
}

#endif /* KEYBENCH_TESTS_C_ABI_CHECK_H */
