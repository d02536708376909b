#pragma once
// Where the persistent state lives in the chip's NVM, and the only code that writes it. Every
// change goes through Nvm::program, so a power cut can tear it the way it would tear silicon.
//
// Layout (word = 4 bytes; each small field owns its word, so a tear leaves it old or new):
//   0x000  host key bank 0 (80 bytes)     0x0A0  host key control fields (2)
//   0x050  host key bank 1 (80 bytes)     0x0A4  life cycle (1)
//   0x0C0  symmetric slot controls,       0x0A8  I2C parameters (2)
//          16 x 4 bytes (3 used)          0x0AC  random counter (4, BE)
//   0x100  product data: length (2, BE)   0x0B0  random seed (8, BE)
//          then up to 254 bytes
// A host key bank is: commit word [0x5A, generation, presence, type] | C-MAC counter (4, BE) |
// MAC key (32) | cipher key (32). See write_host_key for why there are two.
#include <cstdint>
#include <stdexcept>

#include "simulator/nvm/nvm.h"
#include "simulator/stsafe_a120/state.h"

namespace kb::sim::stsafe_a120 {

// Thrown when a pending power cut stopped an NVM program part-way. The command in progress is
// abandoned; what reached the NVM stays.
class NvmWriteTorn : public std::runtime_error {
 public:
  NvmWriteTorn() : std::runtime_error("power lost during an NVM write") {}
};

NvmGeometry stsafe_nvm_geometry();

class StateStore {
 public:
  explicit StateStore(Nvm& nvm) : nvm_(nvm) {}

  State read() const;

  // Rewrites the whole image (fixture load). Both host key banks are replaced.
  void write_all(const State& state);
  void write_host_key(const HostKeySlot& slot);
  void write_host_key_control(const HostKeyControl& control);
  void write_symmetric_slot_control(size_t slot, const SymmetricSlotControl& control);
  void write_life_cycle(LifeCycle lcs);
  void write_i2c_parameters(const I2cParameters& params);
  void write_random_counter(uint32_t counter);

 private:
  void program(size_t offset, std::span<const uint8_t> bytes);
  std::optional<size_t> active_host_key_bank() const;

  Nvm& nvm_;
};

}  // namespace kb::sim::stsafe_a120
