#include "core/atecc/commands/lock.h"

#include "core/atecc/opcodes.h"
#include "core/atecc/response.h"
#include "core/atecc/zones.h"

namespace kb::core::atecc::commands {

namespace {
constexpr uint8_t kConfigZone = 0x00;
constexpr uint8_t kDataZone = 0x01;
constexpr uint8_t kSingleSlot = 0x02;
constexpr uint8_t kIgnoreCrc = 0x80;
}  // namespace

Command lock_config_command(uint16_t config_crc) {
  return Command(opcode::kLock, kConfigZone, config_crc);
}

Command lock_config_unchecked_command() {
  return Command(opcode::kLock, kConfigZone | kIgnoreCrc, 0);
}

Command lock_data_command(uint16_t data_crc) {
  return Command(opcode::kLock, kDataZone, data_crc);
}

Command lock_data_unchecked_command() {
  return Command(opcode::kLock, kDataZone | kIgnoreCrc, 0);
}

// cryptoauthlib sends no "ignore CRC" bit and Param2 0 for a slot lock (B7.5).
Result<Command> lock_slot_command(uint8_t slot) {
  if (slot >= kSlotCount) return Code::kInvalidArgument;
  return Command(opcode::kLock, static_cast<uint8_t>(kSingleSlot | slot << 2), 0);
}

Status lock_config(Atecc& chip, uint16_t config_crc) {
  return expect_success(chip.run(lock_config_command(config_crc)));
}

Status lock_config_unchecked(Atecc& chip) {
  return expect_success(chip.run(lock_config_unchecked_command()));
}

Status lock_data(Atecc& chip, uint16_t data_crc) {
  return expect_success(chip.run(lock_data_command(data_crc)));
}

Status lock_data_unchecked(Atecc& chip) {
  return expect_success(chip.run(lock_data_unchecked_command()));
}

Status lock_slot(Atecc& chip, uint8_t slot) {
  const Result<Command> command = lock_slot_command(slot);
  if (!command.ok()) return command.status();
  return expect_success(chip.run(*command));
}

}  // namespace kb::core::atecc::commands
