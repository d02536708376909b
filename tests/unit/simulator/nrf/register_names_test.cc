// The model's names of the nRF5340's registers (simulator/nrf/register_names.h), as traces show them.
#include "simulator/nrf/register_names.h"

#include <gtest/gtest.h>

namespace kb::sim::nrf {
namespace {

TEST(NrfRegisterNames, EveryBlockOfTheMapIsNamed) {
  // KMU and NVMC in their shared block (fact sheet §1.1, §1.2).
  EXPECT_EQ(register_name(0x50039000), "KMU.TASKS_PUSH_KEYSLOT");
  EXPECT_EQ(register_name(0x50039100), "KMU.EVENTS_KEYSLOT_PUSHED");
  EXPECT_EQ(register_name(0x5003940C), "KMU.STATUS");
  EXPECT_EQ(register_name(0x50039500), "KMU.SELECTKEYSLOT");
  EXPECT_EQ(register_name(0x50039400), "NVMC.READY");
  EXPECT_EQ(register_name(0x50039504), "NVMC.CONFIG");
  EXPECT_EQ(register_name(0x5003950C), "NVMC.ERASEALL");
  EXPECT_EQ(register_name(0x50039588), "NVMC.WRITEUICRNS");
  EXPECT_EQ(register_name(0x50039010), "KMU/NVMC+0x010");
  // UICR words by their own names (§1.3, §2.1, §5.2), or their offset.
  EXPECT_EQ(register_name(0x00FF8000), "UICR APPROTECT");
  EXPECT_EQ(register_name(0x00FF8100), "UICR BL_STORAGE lifecycle word 0");
  EXPECT_EQ(register_name(0x00FF8140), "UICR OTP[16]");
  EXPECT_EQ(register_name(0x00FF8434), "UICR KMU slot 6 PERM, identity key");
  EXPECT_EQ(register_name(0x00FF8868), "UICR KMU slot 6 VALUE[2], identity key");
  EXPECT_EQ(register_name(0x00FF8010), "UICR+0x010");
  // CryptoCell key registers (§1.8), code flash (§7) and the model's derivation port.
  EXPECT_EQ(register_name(0x5084540C), "CC312 AES key word 3");
  EXPECT_EQ(register_name(0x50845388), "CC312 ChaCha key word 0");
  EXPECT_EQ(register_name(0x0000C004), "flash page 12");
  EXPECT_EQ(register_name(0x5FFF0000), "KDF port TASKS_START");
  EXPECT_EQ(register_name(0x5FFF0388), "KDF port OUTPUT[2]");
  EXPECT_EQ(register_name(0x40000000), "unmapped");
}

}  // namespace
}  // namespace kb::sim::nrf
