// Config zone write rules, the config and data locks with their CRCs, slot locks and the
// SlotConfig/KeyConfig checks of Read and Write (fact sheet B6.2, B7.2-B7.5).
#include <gtest/gtest.h>

#include "simulator/atecc608a/zones.h"
#include "simulator/fixture/json_view.h"
#include "tests/unit/simulator/atecc608a/atecc_harness.h"

namespace kb::sim::atecc608a {
namespace {

using test_support::AteccOnBus;
using test_support::data_address;
using test_support::hex;
using test_support::kAddress;
using test_support::read_config;
using test_support::reference_crc;
using test_support::write_config_word;

constexpr uint8_t kOk = 0x00;
constexpr uint8_t kParse = 0x03;
constexpr uint8_t kRefused = 0x0F;

class AteccZones : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(b.wake(), hex("04 11 33 43"));
    b.cycle_each_command = true;
  }
  // SlotConfig and KeyConfig of one slot, written as the config words that hold them.
  void configure_slot(size_t slot, uint16_t slot_config, uint16_t key_config) {
    set_u16(20 + 2 * slot, slot_config);
    set_u16(96 + 2 * slot, key_config);
  }
  void set_u16(size_t offset, uint16_t value) {
    std::vector<uint8_t> cfg = read_config(b);
    const size_t word = offset / 4 * 4;
    cfg[offset] = static_cast<uint8_t>(value);
    cfg[offset + 1] = static_cast<uint8_t>(value >> 8);
    ASSERT_EQ(write_config_word(b, word, {cfg.begin() + word, cfg.begin() + word + 4}), kOk);
  }
  void lock_both() {
    ASSERT_EQ(test_support::lock_config(b), kOk);
    ASSERT_EQ(test_support::lock_data(b), kOk);
  }
  AteccOnBus b;
};

TEST_F(AteccZones, FactoryConfigAsShipped) {
  const std::vector<uint8_t> cfg = read_config(b);
  ASSERT_EQ(cfg.size(), 128u);
  EXPECT_EQ(cfg[0], 0x01);
  EXPECT_EQ(cfg[1], 0x23);
  EXPECT_EQ(std::vector<uint8_t>(cfg.begin() + 4, cfg.begin() + 8), hex("00 00 60 02"));
  EXPECT_EQ(cfg[12], 0xEE);
  EXPECT_EQ(cfg[16], 0xC0);
  EXPECT_EQ(cfg[86], 0x55);
  EXPECT_EQ(cfg[87], 0x55);
  EXPECT_EQ(cfg[88], 0xFF);
  EXPECT_EQ(cfg[89], 0xFF);
  EXPECT_EQ(std::vector<uint8_t>(cfg.begin() + 52, cfg.begin() + 60), hex("FF FF FF FF 00 00 00 00"));
  // Word read of bytes 84-87 (block 2 word 5), as cryptoauthlib reads the lock bytes.
  EXPECT_EQ(b.payload(0x02, 0x00, 0x0015), hex("00 00 55 55"));
}

TEST_F(AteccZones, ConfigWritableFromByte16WhileUnlocked) {
  EXPECT_EQ(write_config_word(b, 20, hex("87 20 87 20")), kOk);
  EXPECT_EQ(b.payload(0x02, 0x00, 0x0005), hex("87 20 87 20"));
  // Block 1 (bytes 32-63) and block 3 (96-127) as whole 32-byte writes.
  std::vector<uint8_t> block3(32);
  for (size_t i = 0; i < 32; ++i) block3[i] = static_cast<uint8_t>(i);
  EXPECT_EQ(b.status_of(0x12, 0x80, 3 << 3, block3), kOk);
  EXPECT_EQ(b.payload(0x02, 0x80, 3 << 3), block3);
  EXPECT_EQ(b.status_of(0x12, 0x80, 1 << 3, std::vector<uint8_t>(32, 0xA5)), kOk);
}

TEST_F(AteccZones, ConfigWriteRulesRefuseFactoryAndLockBytes) {
  const std::vector<uint8_t> before = read_config(b);
  for (size_t offset : {0u, 4u, 8u, 12u}) EXPECT_EQ(write_config_word(b, offset, hex("00 00 00 00")), kRefused);
  EXPECT_EQ(write_config_word(b, 84, hex("01 02 55 55")), kRefused) << "UserExtra and the lock bytes";
  EXPECT_EQ(b.status_of(0x12, 0x80, 0 << 3, std::vector<uint8_t>(32, 0)), kRefused) << "block 0 holds bytes 0-15";
  EXPECT_EQ(b.status_of(0x12, 0x80, 2 << 3, std::vector<uint8_t>(32, 0)), kRefused) << "block 2 holds bytes 84-87";
  EXPECT_EQ(read_config(b), before);
}

// The model answers at its bench address; it refuses a write that would move it elsewhere or leave
// byte 16 naming no address, so every state it reaches loads again (docs/fidelity.md).
TEST_F(AteccZones, WritesThatWouldMoveTheChipAreRefused) {
  const std::vector<uint8_t> before = read_config(b);
  EXPECT_EQ(write_config_word(b, 16, hex("00 00 00 00")), kRefused) << "byte 16 = 0x00";
  EXPECT_EQ(write_config_word(b, 16, hex("C2 00 00 00")), kRefused) << "0x61 instead of 0x60";
  EXPECT_EQ(read_config(b), before);
  EXPECT_EQ(write_config_word(b, 16, hex("C0 00 00 00")), kOk) << "the same address";
  // UserExtraAdd takes effect only with ChipMode bit 0: written while the bit is clear, the
  // address stays; setting the bit then would move the chip.
  EXPECT_EQ(b.status_of(0x20, 0x01, 0xC4), kOk);
  EXPECT_EQ(write_config_word(b, 16, hex("C0 00 00 01")), kRefused) << "ChipMode bit 0 with byte 85 = 0xC4";
  EXPECT_EQ(b.chip.configured_address7(), kAddress);
  const nlohmann::json state = b.chip.save_state();
  Scheduler s;
  Atecc608a again(s);
  again.load_state(JsonView(state, "state"));
  EXPECT_EQ(again.save_state(), state);
}

TEST_F(AteccZones, ConfigLockChecksTheCrcOfAll128Bytes) {
  std::vector<uint8_t> cfg = read_config(b);
  const uint16_t right = reference_crc(cfg);
  EXPECT_EQ(b.status_of(0x17, 0x00, static_cast<uint16_t>(right ^ 0x0001)), kRefused);
  EXPECT_FALSE(b.chip.eeprom().config_locked()) << "a CRC mismatch locks nothing";
  EXPECT_EQ(b.status_of(0x17, 0x00, right), kOk);
  EXPECT_TRUE(b.chip.eeprom().config_locked());
  EXPECT_EQ(b.payload(0x02, 0x00, 0x0015), hex("00 00 55 00"));
  EXPECT_EQ(b.status_of(0x17, 0x80, 0), kRefused) << "already locked";
  EXPECT_EQ(write_config_word(b, 20, hex("00 00 00 00")), kRefused) << "config is read-only once locked";
}

TEST_F(AteccZones, DataLockNeedsTheConfigLockAndChecksItsCrc) {
  EXPECT_EQ(test_support::lock_data(b), kRefused) << "config not locked yet";
  ASSERT_EQ(test_support::lock_config(b), kOk);
  // Data zone (slots in order) then OTP, all zero in a factory chip.
  const std::vector<uint8_t> zeros(kDataZoneSize + kOtpSize, 0x00);
  EXPECT_EQ(b.status_of(0x17, 0x01, static_cast<uint16_t>(reference_crc(zeros) + 1)), kRefused);
  EXPECT_FALSE(b.chip.eeprom().data_locked());
  EXPECT_EQ(b.status_of(0x17, 0x01, reference_crc(zeros)), kOk);
  EXPECT_TRUE(b.chip.eeprom().data_locked());
  EXPECT_EQ(b.status_of(0x17, 0x81, 0), kRefused) << "already locked";
}

TEST_F(AteccZones, DataZoneBeforeTheDataLock) {
  EXPECT_EQ(b.status_of(0x02, 0x02, data_address(9, 0)), kRefused) << "no data reads before the data lock";
  EXPECT_EQ(b.status_of(0x02, 0x01, 0), kRefused) << "nor OTP reads";
  EXPECT_EQ(b.status_of(0x12, 0x02, data_address(9, 0), hex("01 02 03 04")), kRefused) << "4-byte writes";
  std::vector<uint8_t> block(32, 0xC3);
  EXPECT_EQ(b.status_of(0x12, 0x82, data_address(9, 0), block), kOk);
  EXPECT_EQ(b.status_of(0x12, 0x81, 0, std::vector<uint8_t>(32, 0x7E)), kOk) << "OTP block 0";
  EXPECT_EQ(b.status_of(0x12, 0x01, 0, hex("01 02 03 04")), kRefused) << "OTP takes whole blocks";
  // Block 2 of a 72-byte slot holds 8 bytes: the in-range bytes are stored (open question 8).
  std::vector<uint8_t> last(32);
  for (size_t i = 0; i < 32; ++i) last[i] = static_cast<uint8_t>(0x40 + i);
  EXPECT_EQ(b.status_of(0x12, 0x82, data_address(9, 2), last), kOk);
  const auto slot9 = b.chip.eeprom().slot(9);
  EXPECT_EQ(std::vector<uint8_t>(slot9.begin(), slot9.begin() + 32), block);
  EXPECT_EQ(std::vector<uint8_t>(slot9.begin() + 64, slot9.end()),
            std::vector<uint8_t>(last.begin(), last.begin() + 8));
  EXPECT_EQ(b.chip.eeprom().slot(10)[0], 0x00) << "nothing spills into the next slot";

  lock_both();
  // The lock took the CRC of what was written: check by reading back.
  EXPECT_EQ(b.payload(0x02, 0x82, data_address(9, 0)), block);
  std::vector<uint8_t> tail(32, 0x00);
  std::copy(last.begin(), last.begin() + 8, tail.begin());
  EXPECT_EQ(b.payload(0x02, 0x82, data_address(9, 2)), tail) << "filler past the slot's end";
  EXPECT_EQ(b.payload(0x02, 0x81, 0), std::vector<uint8_t>(32, 0x7E));
  EXPECT_EQ(b.status_of(0x12, 0x81, 0, std::vector<uint8_t>(32, 0)), kRefused) << "OTP read-only after the lock";
}

TEST_F(AteccZones, AddressesOutsideAZoneAreParseErrors) {
  EXPECT_EQ(b.status_of(0x02, 0x00, 0x0020), kParse) << "config has blocks 0-3";
  EXPECT_EQ(b.status_of(0x02, 0x01, 0x0010), kParse) << "OTP has blocks 0-1";
  EXPECT_EQ(b.status_of(0x02, 0x03, 0), kParse) << "zone 3";
  EXPECT_EQ(b.status_of(0x02, 0x82, data_address(0, 2)), kParse) << "a 36-byte slot has blocks 0-1";
  EXPECT_EQ(b.status_of(0x02, 0x02, data_address(0, 1, 1)), kParse) << "slot 0 ends at byte 36";
  EXPECT_EQ(b.status_of(0x02, 0x82, data_address(8, 13)), kParse) << "slot 8 has blocks 0-12";
  EXPECT_EQ(b.status_of(0x02, 0x02, 0x0080), kParse) << "bit 7 of a data address";
  EXPECT_EQ(b.status_of(0x02, 0x04, 0), kParse) << "param1 bits 2-6";
  EXPECT_EQ(b.status_of(0x02, 0x00, 0, hex("00")), kParse) << "Read takes no data";
  EXPECT_EQ(b.status_of(0x12, 0x00, 0x0005, hex("00 00 00")), kParse) << "Write of 3 bytes";
  EXPECT_EQ(b.status_of(0x12, 0x80, 1 << 3, std::vector<uint8_t>(4, 0)), kParse) << "32-byte write of 4 bytes";
  EXPECT_EQ(b.status_of(0x12, 0x20, 0x0005, hex("00 00 00 00")), kParse) << "param1 bit 5";
}

TEST_F(AteccZones, SlotPermissionsAfterTheDataLock) {
  configure_slot(1, 0x0080, 0x0000);  // IsSecret
  configure_slot(2, 0x0000, 0x003C);  // clear read/write, Lockable, type SHA/data
  configure_slot(3, 0x2000, 0x0000);  // WriteConfig 0010 (never by Write)
  configure_slot(4, 0x0000, 0x0013);  // a P-256 private key with PubInfo
  configure_slot(5, 0x0040, 0x0000);  // EncryptRead
  configure_slot(6, 0x4000, 0x0000);  // WriteConfig 0100 (encrypted writes only)
  lock_both();
  const std::vector<uint8_t> four = hex("DE AD BE EF");
  EXPECT_EQ(b.status_of(0x02, 0x02, data_address(1, 0)), kRefused) << "secret slot";
  EXPECT_EQ(b.status_of(0x02, 0x02, data_address(5, 0)), kRefused) << "encrypted read without GenDig";
  EXPECT_EQ(b.status_of(0x12, 0x02, data_address(2, 0), four), kOk);
  EXPECT_EQ(b.payload(0x02, 0x02, data_address(2, 0)), four);
  EXPECT_EQ(b.status_of(0x12, 0x02, data_address(3, 0), four), kRefused);
  EXPECT_EQ(b.status_of(0x12, 0x02, data_address(4, 0), four), kRefused) << "private keys only by GenKey/PrivWrite";
  EXPECT_EQ(b.status_of(0x12, 0x02, data_address(6, 0), four), kRefused) << "clear write to an encrypt-only slot";
  EXPECT_EQ(b.status_of(0x12, 0x42, data_address(0, 0), std::vector<uint8_t>(36, 0)), kRefused)
      << "encrypted writes are not modelled yet";
  // Slot lock: only a Lockable slot, once.
  EXPECT_EQ(b.status_of(0x17, 0x02 | (3 << 2), 0), kRefused) << "slot 3 is not Lockable";
  EXPECT_EQ(b.status_of(0x17, 0x02 | (2 << 2), 0), kOk);
  EXPECT_TRUE(b.chip.eeprom().slot_locked(2));
  EXPECT_EQ(b.payload(0x02, 0x00, 0x0016), hex("FB FF 00 00")) << "SlotLocked bit 2 cleared";
  EXPECT_EQ(b.status_of(0x17, 0x02 | (2 << 2), 0), kRefused) << "already locked";
  EXPECT_EQ(b.status_of(0x12, 0x02, data_address(2, 0), four), kRefused) << "a locked slot takes no write";
  EXPECT_EQ(b.payload(0x02, 0x02, data_address(2, 0)), four) << "and stays readable";
}

TEST_F(AteccZones, SlotLockNeedsTheDataLock) {
  configure_slot(2, 0x0000, 0x0020);
  ASSERT_EQ(test_support::lock_config(b), kOk);
  EXPECT_EQ(b.status_of(0x17, 0x02 | (2 << 2), 0), kRefused);
}

TEST_F(AteccZones, LockParameterValidation) {
  EXPECT_EQ(b.status_of(0x17, 0x03, 0), kParse) << "mode 3";
  EXPECT_EQ(b.status_of(0x17, 0xC0, 0), kParse) << "bit 6";
  EXPECT_EQ(b.status_of(0x17, 0x84, 0), kParse) << "slot bits with a zone lock";
  EXPECT_EQ(b.status_of(0x17, 0x80, 0, hex("00")), kParse) << "Lock takes no data";
  EXPECT_FALSE(b.chip.eeprom().config_locked());
}

}  // namespace
}  // namespace kb::sim::atecc608a
