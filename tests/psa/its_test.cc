// Internal trusted storage on its own (core/its): the ITS semantics on both stores (MCU flash and
// host files), and the flash store's atomicity with every write interrupted at every word.
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/its/flash_its.h"
#include "hal/host/file_its.h"
#include "hal/sim/sim_flash_region.h"
#include "simulator/mcu/mcu_flash.h"
#include "simulator/nvm/nvm.h"
#include "tests/scratch_dir.h"

namespace kb {
namespace {

using core::its::FlashIts;
using core::its::ItsInfo;
using core::its::ItsStatus;
using core::its::ItsStore;
using Bytes = std::vector<uint8_t>;

Bytes pattern(size_t n, uint8_t seed) {
  Bytes b(n);
  for (size_t i = 0; i < n; ++i) b[i] = static_cast<uint8_t>(seed + 7 * i);
  return b;
}

// Every entry of a store among the UIDs a test uses, read through get_info and get.
using Contents = std::map<uint64_t, Bytes>;
Contents contents(ItsStore& its, const std::vector<uint64_t>& uids) {
  Contents c;
  for (uint64_t uid : uids) {
    ItsInfo info;
    if (its.get_info(uid, &info) != ItsStatus::kOk) continue;
    Bytes data(info.size);
    size_t copied = 0;
    EXPECT_EQ(its.get(uid, 0, data, &copied), ItsStatus::kOk);
    EXPECT_EQ(copied, data.size());
    c[uid] = data;
  }
  return c;
}

TEST(ItsCrc32, CheckValue) {
  const std::string s = "123456789";
  EXPECT_EQ(core::its::its_crc32(0, std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(s.data()), s.size())),
            0xCBF43926u);
}

// The same semantics on both backends.
class ItsSemantics : public test::ScratchDirTest, public ::testing::WithParamInterface<std::string> {
 protected:
  void SetUp() override {
    ScratchDirTest::SetUp();
    reopen();
  }
  // A new store object on the same medium: what survives a reboot.
  void reopen() {
    if (GetParam() == "flash") {
      flash_its_.reset();
      region_ = std::make_unique<hal::sim::SimFlashRegion>(nvm_, nullptr);
      flash_its_ = std::make_unique<FlashIts>(*region_);
      ASSERT_EQ(flash_its_->mount(), ItsStatus::kOk);
      its_ = flash_its_.get();
    } else {
      file_its_ = std::make_unique<hal::host::FileIts>(path("its"));
      its_ = file_its_.get();
    }
  }
  sim::Nvm nvm_{sim::mcu::mcu_flash_geometry()};
  std::unique_ptr<hal::sim::SimFlashRegion> region_;
  std::unique_ptr<FlashIts> flash_its_;
  std::unique_ptr<hal::host::FileIts> file_its_;
  ItsStore* its_ = nullptr;
};

TEST_P(ItsSemantics, SetGetInfoRemove) {
  const Bytes key_file = pattern(46, 1);
  ItsInfo info;
  EXPECT_EQ(its_->get_info(0x10, &info), ItsStatus::kDoesNotExist);
  ASSERT_EQ(its_->set(0x10, key_file, 0), ItsStatus::kOk);
  ASSERT_EQ(its_->get_info(0x10, &info), ItsStatus::kOk);
  EXPECT_EQ(info.size, 46u);
  EXPECT_EQ(info.flags, 0u);
  Bytes out(10);
  size_t copied = 0;
  ASSERT_EQ(its_->get(0x10, 36, out, &copied), ItsStatus::kOk);
  EXPECT_EQ(copied, 10u);
  EXPECT_EQ(out, Bytes(key_file.begin() + 36, key_file.end()));
  // Past the end: INVALID_ARGUMENT, as Mbed TLS's file ITS answers.
  Bytes more(11);
  EXPECT_EQ(its_->get(0x10, 36, more, &copied), ItsStatus::kInvalidArgument);
  EXPECT_EQ(its_->get(0x10, 47, {}, &copied), ItsStatus::kInvalidArgument);
  EXPECT_EQ(its_->get(0x11, 0, out, &copied), ItsStatus::kDoesNotExist);
  // A zero-length entry exists (Mbed TLS writes one for a driver without persistent data).
  ASSERT_EQ(its_->set(0xFFFFFEF0, {}, 0), ItsStatus::kOk);
  ASSERT_EQ(its_->get_info(0xFFFFFEF0, &info), ItsStatus::kOk);
  EXPECT_EQ(info.size, 0u);
  // Replace, then survive a reboot.
  const Bytes replaced = pattern(24, 9);
  ASSERT_EQ(its_->set(0x10, replaced, 0), ItsStatus::kOk);
  reopen();
  EXPECT_EQ(contents(*its_, {0x10, 0xFFFFFEF0}), (Contents{{0x10, replaced}, {0xFFFFFEF0, {}}}));
  EXPECT_EQ(its_->remove(0x10), ItsStatus::kOk);
  EXPECT_EQ(its_->remove(0x10), ItsStatus::kDoesNotExist);
  reopen();
  EXPECT_EQ(contents(*its_, {0x10, 0xFFFFFEF0}), (Contents{{0xFFFFFEF0, {}}}));
}

TEST_P(ItsSemantics, WriteOnceRefusesChangeButNotEraseAll) {
  ASSERT_EQ(its_->set(7, pattern(8, 3), core::its::kItsFlagWriteOnce), ItsStatus::kOk);
  EXPECT_EQ(its_->set(7, pattern(8, 4), 0), ItsStatus::kNotPermitted);
  EXPECT_EQ(its_->remove(7), ItsStatus::kNotPermitted);
  EXPECT_EQ(contents(*its_, {7}), (Contents{{7, pattern(8, 3)}}));
  ASSERT_EQ(its_->erase_all(), ItsStatus::kOk);
  reopen();
  EXPECT_TRUE(contents(*its_, {7}).empty());
}

TEST_P(ItsSemantics, ManyEntriesKeepTheirValues) {
  std::vector<uint64_t> uids;
  Contents expected;
  for (uint64_t i = 0; i < 20; ++i) {
    uids.push_back(0x100 + i);
    expected[0x100 + i] = pattern(1 + i * 5, static_cast<uint8_t>(i));
    ASSERT_EQ(its_->set(0x100 + i, expected[0x100 + i], 0), ItsStatus::kOk);
  }
  for (uint64_t i = 0; i < 20; i += 3) {
    ASSERT_EQ(its_->remove(0x100 + i), ItsStatus::kOk);
    expected.erase(0x100 + i);
  }
  reopen();
  EXPECT_EQ(contents(*its_, uids), expected);
}

INSTANTIATE_TEST_SUITE_P(Backends, ItsSemantics, ::testing::Values("flash", "files"));

TEST(FlashIts, FullStoreIsInsufficientStorageAndKeepsItsContents) {
  sim::Nvm nvm(sim::mcu::mcu_flash_geometry());
  hal::sim::SimFlashRegion region(nvm, nullptr);
  FlashIts its(region);
  ASSERT_EQ(its.mount(), ItsStatus::kOk);
  // One bank is one 4 KiB page: 16 header bytes, then entries of 16 + data bytes.
  ASSERT_EQ(its.set(1, pattern(4000, 1), 0), ItsStatus::kOk);
  EXPECT_EQ(its.set(2, pattern(100, 2), 0), ItsStatus::kInsufficientStorage);
  EXPECT_EQ(its.set(1, pattern(4096 - 16 - 16 + 4, 2), 0), ItsStatus::kInsufficientStorage);
  EXPECT_EQ(contents(its, {1, 2}), (Contents{{1, pattern(4000, 1)}}));
  EXPECT_EQ(its.set(1, pattern(4096 - 16 - 16, 5), 0), ItsStatus::kOk);
}

TEST(FlashIts, FreshAndGarbageFlashMountEmpty) {
  sim::Nvm nvm(sim::mcu::mcu_flash_geometry());
  hal::sim::SimFlashRegion region(nvm, nullptr);
  const Bytes junk = pattern(64, 0x5A);
  ASSERT_TRUE(nvm.program(0, junk).has_value());
  FlashIts its(region);
  ASSERT_EQ(its.mount(), ItsStatus::kOk);
  EXPECT_EQ(its.active_bank(), -1);
  EXPECT_EQ(its.entry_count(), 0u);
  EXPECT_EQ(its.set(5, pattern(5, 5), 0), ItsStatus::kOk);
}

TEST(FlashIts, BanksAlternateAndTheNewerSequenceWins) {
  sim::Nvm nvm(sim::mcu::mcu_flash_geometry());
  hal::sim::SimFlashRegion region(nvm, nullptr);
  FlashIts its(region);
  ASSERT_EQ(its.mount(), ItsStatus::kOk);
  ASSERT_EQ(its.set(1, pattern(4, 1), 0), ItsStatus::kOk);
  const int first = its.active_bank();
  const uint32_t seq = its.sequence();
  ASSERT_EQ(its.set(2, pattern(4, 2), 0), ItsStatus::kOk);
  EXPECT_NE(its.active_bank(), first);
  EXPECT_GT(its.sequence(), seq);
  FlashIts again(region);
  ASSERT_EQ(again.mount(), ItsStatus::kOk);
  EXPECT_EQ(again.active_bank(), its.active_bank());
  EXPECT_EQ(contents(again, {1, 2}), (Contents{{1, pattern(4, 1)}, {2, pattern(4, 2)}}));
}

// The ITS traffic of the factory provisioning flow through Mbed TLS (fact sheet A2.5, A4.4):
// driver data after p_init, then per key a transaction record, the key file, the driver data and
// the record's removal; then a second key, then a destroy. Each step is cut before each of the
// flash writes (word programs and page erases) it makes; after the cut, a reboot must find the
// store exactly as it was before the step (the commit word is the last one written), and usable.
struct Step {
  std::string name;
  std::function<ItsStatus(ItsStore&)> run;
};

std::vector<Step> provisioning_steps() {
  const Bytes record = pattern(24, 0x74);
  const Bytes key16 = pattern(46, 0x10);
  const Bytes key18 = pattern(46, 0x12);
  const Bytes driver = pattern(16, 0xF0);
  std::vector<Step> steps;
  steps.push_back({"driver data (0 bytes)", [](ItsStore& s) { return s.set(0xFFFFFEF0, {}, 0); }});
  steps.push_back({"transaction 16", [=](ItsStore& s) { return s.set(0xFFFFFF74, record, 0); }});
  steps.push_back({"key file 16", [=](ItsStore& s) { return s.set(0x10, key16, 0); }});
  steps.push_back({"driver data 16", [=](ItsStore& s) { return s.set(0xFFFFFEF0, driver, 0); }});
  steps.push_back({"end transaction 16", [](ItsStore& s) { return s.remove(0xFFFFFF74); }});
  steps.push_back({"transaction 18", [=](ItsStore& s) { return s.set(0xFFFFFF74, record, 0); }});
  steps.push_back({"key file 18", [=](ItsStore& s) { return s.set(0x12, key18, 0); }});
  steps.push_back({"end transaction 18", [](ItsStore& s) { return s.remove(0xFFFFFF74); }});
  steps.push_back({"destroy 16", [](ItsStore& s) { return s.remove(0x10); }});
  return steps;
}

const std::vector<uint64_t> kUids = {0x10, 0x12, 0xFFFFFEF0, 0xFFFFFF74};

TEST(FlashIts, EveryWriteCutAtEveryWordLeavesTheOldEntriesWhole) {
  const auto steps = provisioning_steps();
  size_t cut_points = 0;
  for (size_t i = 0; i < steps.size(); ++i) {
    // The medium as it is before step i, and what step i makes of it on a clean run.
    sim::Nvm base(sim::mcu::mcu_flash_geometry());
    hal::sim::SimFlashRegion base_region(base, nullptr);
    FlashIts base_its(base_region);
    ASSERT_EQ(base_its.mount(), ItsStatus::kOk);
    for (size_t j = 0; j < i; ++j) ASSERT_EQ(steps[j].run(base_its), ItsStatus::kOk) << steps[j].name;
    const nlohmann::json before_image = base.to_json();
    const Contents before = contents(base_its, kUids);
    size_t writes = 0;
    base.set_write_hook([&](const sim::NvmWrite&) {
      ++writes;
      return sim::NvmWriteVerdict::kLand;
    });
    ASSERT_EQ(steps[i].run(base_its), ItsStatus::kOk) << steps[i].name;
    base.set_write_hook(nullptr);
    const Contents after = contents(base_its, kUids);
    ASSERT_NE(before, after) << steps[i].name;
    ASSERT_GT(writes, 2u) << steps[i].name;
    for (size_t k = 0; k < writes; ++k) {
      SCOPED_TRACE(steps[i].name + ", cut before flash write " + std::to_string(k) + " of " + std::to_string(writes));
      sim::Nvm nvm(sim::mcu::mcu_flash_geometry());
      nvm.load_json(before_image);
      hal::sim::SimFlashRegion region(nvm, nullptr);
      FlashIts its(region);
      ASSERT_EQ(its.mount(), ItsStatus::kOk);
      size_t seen = 0;
      nvm.set_write_hook([&](const sim::NvmWrite&) {
        return seen++ == k ? sim::NvmWriteVerdict::kCutPower : sim::NvmWriteVerdict::kLand;
      });
      EXPECT_EQ(steps[i].run(its), ItsStatus::kStorageFailure);
      nvm.set_write_hook(nullptr);
      // Reboot: a new store on the torn medium.
      FlashIts rebooted(region);
      ASSERT_EQ(rebooted.mount(), ItsStatus::kOk);
      EXPECT_EQ(contents(rebooted, kUids), before);
      // And it goes on working: the step run again lands.
      EXPECT_EQ(steps[i].run(rebooted), ItsStatus::kOk);
      FlashIts again(region);
      ASSERT_EQ(again.mount(), ItsStatus::kOk);
      EXPECT_EQ(contents(again, kUids), after);
      ++cut_points;
    }
  }
  // 9 steps, each an erase and 6..26 words.
  EXPECT_GT(cut_points, 9u * 3);
}

TEST(FlashIts, EraseAllCutIsOldBeforeTheCommitWordAndEmptyAfter) {
  sim::Nvm base(sim::mcu::mcu_flash_geometry());
  hal::sim::SimFlashRegion base_region(base, nullptr);
  FlashIts base_its(base_region);
  ASSERT_EQ(base_its.mount(), ItsStatus::kOk);
  for (const auto& s : provisioning_steps()) ASSERT_EQ(s.run(base_its), ItsStatus::kOk);
  const Contents before = contents(base_its, kUids);
  ASSERT_FALSE(before.empty());
  const nlohmann::json image = base.to_json();
  size_t writes = 0;
  base.set_write_hook([&](const sim::NvmWrite&) {
    ++writes;
    return sim::NvmWriteVerdict::kLand;
  });
  ASSERT_EQ(base_its.erase_all(), ItsStatus::kOk);
  base.set_write_hook(nullptr);
  // Erase the other bank, program the 4 header words, erase the older bank.
  ASSERT_EQ(writes, 1u + 4u + 1u);
  for (size_t k = 0; k < writes; ++k) {
    SCOPED_TRACE("cut before write " + std::to_string(k));
    sim::Nvm nvm(sim::mcu::mcu_flash_geometry());
    nvm.load_json(image);
    hal::sim::SimFlashRegion region(nvm, nullptr);
    FlashIts its(region);
    ASSERT_EQ(its.mount(), ItsStatus::kOk);
    size_t seen = 0;
    nvm.set_write_hook([&](const sim::NvmWrite&) {
      return seen++ == k ? sim::NvmWriteVerdict::kCutPower : sim::NvmWriteVerdict::kLand;
    });
    EXPECT_EQ(its.erase_all(), ItsStatus::kStorageFailure);
    nvm.set_write_hook(nullptr);
    FlashIts rebooted(region);
    ASSERT_EQ(rebooted.mount(), ItsStatus::kOk);
    if (k < 5) {
      EXPECT_EQ(contents(rebooted, kUids), before);
    } else {
      EXPECT_TRUE(contents(rebooted, kUids).empty());
    }
  }
}

TEST(FlashIts, SimulatedTimeIsChargedToTheBench) {
  sim::Nvm nvm(sim::mcu::mcu_flash_geometry());
  sim::Scheduler scheduler;
  hal::sim::SimFlashRegion region(nvm, &scheduler);
  FlashIts its(region);
  ASSERT_EQ(its.mount(), ItsStatus::kOk);
  ASSERT_EQ(its.set(1, pattern(16, 1), 0), ItsStatus::kOk);
  // One page erase and 8 words (an entry of 16 + 16 bytes, the 16-byte header).
  EXPECT_EQ(scheduler.now(), sim::mcu::kMcuFlashPageEraseNs + 12 * sim::mcu::kMcuFlashWordProgramNs);
}

}  // namespace
}  // namespace kb
