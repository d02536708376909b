// nRF statuses carry the Nordic constant's name and value (fact sheet nrf-kmu-lifecycle.md §2.3,
// §3.3, §4.1, §5.2), so logs and CLI reasons read like the reference.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/nrf/nrf_status.h"
#include "core/nrf/soc.h"

namespace kb::test::nrf_core {
namespace {

using core::nrf::nordic_code;
using core::nrf::nrf_status;
using core::nrf::NrfStatus;
using ::testing::HasSubstr;

TEST(NrfStatus, NordicCodesMatchTheHeaders) {
  EXPECT_EQ(nordic_code(nrf_status(NrfStatus::kKmuAlreadyFilled)), -28699);
  EXPECT_EQ(nordic_code(nrf_status(NrfStatus::kKmuInvalidSlot)), -0x701a);
  EXPECT_EQ(nordic_code(nrf_status(NrfStatus::kKidentAlreadyFilled)), -28709);
  EXPECT_EQ(nordic_code(nrf_status(NrfStatus::kKidentInvalidState)), -28713);
  EXPECT_EQ(nordic_code(nrf_status(NrfStatus::kHukWriteFailed)), -91394);
  EXPECT_EQ(nordic_code(nrf_status(NrfStatus::kHukMissing)), -91393);
  EXPECT_EQ(nordic_code(nrf_status(NrfStatus::kIdentityMkekMissing)), -87297);
  EXPECT_EQ(nordic_code(nrf_status(NrfStatus::kIdentityGenerationFailed)), -87301);
  EXPECT_EQ(nordic_code(nrf_status(NrfStatus::kLifecycleUnreadable)), -114);
  EXPECT_EQ(nordic_code(nrf_status(NrfStatus::kLifecycleInvalidTransition)), -115);
  EXPECT_EQ(nordic_code(nrf_status(NrfStatus::kKmuTimeout)), 0);
  EXPECT_EQ(nordic_code(core::Status(core::Code::kCrypto)), 0);
}

TEST(NrfStatus, DescribeNamesTheFailure) {
  char buf[128];
  EXPECT_THAT(nrf_status(NrfStatus::kLifecycleInvalidTransition).describe(buf, sizeof buf),
              HasSubstr("lifecycle transition not allowed (EINVALIDLCS)"));
  EXPECT_THAT(nrf_status(NrfStatus::kKmuAlreadyFilled).describe(buf, sizeof buf),
              HasSubstr("NRF_CC3XX_PLATFORM_ERROR_KMU_ALREADY_FILLED"));
}

TEST(NrfSocProfile, SlotAddressesMatchTheSheet) {
  using core::nrf::kNrf5340;
  // §4.2: slot 6 DEST 0x00FF8430, PERM 0x00FF8434, VALUE 0x00FF8860..; slot 7 VALUE ..0x00FF887F.
  EXPECT_EQ(core::nrf::slot_dest_address(kNrf5340, 6), 0x00FF8430u);
  EXPECT_EQ(core::nrf::slot_perm_address(kNrf5340, 6), 0x00FF8434u);
  EXPECT_EQ(core::nrf::slot_value_address(kNrf5340, 6, 0), 0x00FF8860u);
  EXPECT_EQ(core::nrf::slot_value_address(kNrf5340, 7, 3), 0x00FF887Cu);
  EXPECT_TRUE(core::nrf::is_key_destination(kNrf5340, 0x50845410));
  EXPECT_FALSE(core::nrf::is_key_destination(core::nrf::kNrf9160, 0x50845410));
  EXPECT_FALSE(core::nrf::is_key_destination(core::nrf::kNrf9160, 0)) << "no second AES half on CC310";
  EXPECT_EQ(core::nrf::kNrf9160.bl_storage, 0x00FF8108u);
}

}  // namespace
}  // namespace kb::test::nrf_core
