// The board's ITS: FlashIts over two pages of the simulated nRF5340's code flash, programmed and
// erased through the NVMC registers, as the board build would run it; a power cut during a write
// (fault hook on the chip's flash) leaves the previous entries whole.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "core/its/flash_its.h"
#include "core/nrf/nvmc.h"
#include "core/nrf/nvmc_flash_region.h"
#include "hal/sim/sim_backend.h"
#include "hal/sim/sim_register_bus.h"
#include "simulator/bench/bench.h"
#include "simulator/nrf/nrf5340.h"
#include "tests/test_paths.h"

namespace kb {
namespace {

using core::its::FlashIts;
using core::its::ItsStatus;

constexpr uint32_t kItsBase = 0x000FE000;  // the last two 4 KiB pages of the 1 MiB code flash

struct NrfIts {
  std::unique_ptr<sim::Bench> bench =
      sim::Bench::from_file(std::string(KEYBENCH_SOURCE_DIR) + "/fixtures/benches/nrf5340-assembly.json");
  std::unique_ptr<hal::sim::SimRegisterBus> bus = hal::sim::SimRegisterBus::attach(*bench);
  hal::sim::SimClock clock{*bench};
  core::nrf::Nvmc nvmc{*bus, clock};
  core::nrf::NvmcFlashRegion region{nvmc, kItsBase, 2 * core::nrf::kCodeFlashPageBytes};
};

std::vector<uint8_t> get(FlashIts& its, uint64_t uid, size_t n) {
  std::vector<uint8_t> out(n);
  size_t copied = 0;
  if (its.get(uid, 0, out, &copied) != ItsStatus::kOk) return {};
  return out;
}

TEST(NvmcIts, EntriesLiveInCodeFlashThroughTheNvmc) {
  NrfIts t;
  FlashIts its(t.region);
  ASSERT_EQ(its.mount(), ItsStatus::kOk);
  const std::vector<uint8_t> key(46, 0x5A);
  const uint64_t before = t.bench->scheduler().now();
  ASSERT_EQ(its.set(0x10, key, 0), ItsStatus::kOk);
  // One page erase (87.5 ms) and the words, charged by the model.
  EXPECT_GT(t.bench->scheduler().now() - before, 87'000'000u);
  FlashIts again(t.region);
  ASSERT_EQ(again.mount(), ItsStatus::kOk);
  EXPECT_EQ(get(again, 0x10, 46), key);
  // The bytes are in the chip's code flash where the region says.
  auto* chip = t.bench->first<sim::nrf::Nrf5340>();
  ASSERT_NE(chip, nullptr);
  std::vector<uint8_t> raw(4);
  const size_t bank = static_cast<size_t>(its.active_bank());
  chip->code_flash().read(kItsBase + bank * core::nrf::kCodeFlashPageBytes, raw);
  EXPECT_EQ(raw, (std::vector<uint8_t>{0x4B, 0x49, 0x54, 0x53}));  // "KITS"
}

TEST(NvmcIts, APowerCutDuringAWriteKeepsTheOldEntry) {
  const std::vector<uint8_t> old_value(24, 0x11);
  const std::vector<uint8_t> new_value(24, 0x22);
  size_t writes = 0;
  {
    NrfIts t;
    FlashIts its(t.region);
    ASSERT_EQ(its.mount(), ItsStatus::kOk);
    ASSERT_EQ(its.set(0x74, old_value, 0), ItsStatus::kOk);
    t.bench->find("nrf5340")->set_nvm_write_hook([&](const sim::NvmWrite&) {
      ++writes;
      return sim::NvmWriteVerdict::kLand;
    });
    ASSERT_EQ(its.set(0x74, new_value, 0), ItsStatus::kOk);
  }
  ASSERT_GT(writes, 3u);
  for (size_t k = 0; k < writes; ++k) {
    SCOPED_TRACE("cut before flash write " + std::to_string(k));
    NrfIts t;
    FlashIts its(t.region);
    ASSERT_EQ(its.mount(), ItsStatus::kOk);
    ASSERT_EQ(its.set(0x74, old_value, 0), ItsStatus::kOk);
    size_t seen = 0;
    t.bench->find("nrf5340")->set_nvm_write_hook([&](const sim::NvmWrite&) {
      return seen++ == k ? sim::NvmWriteVerdict::kCutPower : sim::NvmWriteVerdict::kLand;
    });
    EXPECT_NE(its.set(0x74, new_value, 0), ItsStatus::kOk);
    t.bench->find("nrf5340")->set_nvm_write_hook(nullptr);
    t.bench->power_cycle();
    FlashIts rebooted(t.region);
    ASSERT_EQ(rebooted.mount(), ItsStatus::kOk);
    EXPECT_EQ(get(rebooted, 0x74, 24), old_value);
  }
}

}  // namespace
}  // namespace kb
