#pragma once
#include <cstdint>
#include <span>

namespace kb::sim {

// What a device model sees of the bus: whole transactions, delivered at the STOP (write) or
// produced at the address phase (read). A model answers false from an address callback to NACK
// its address, which is how a busy STSAFE or a sleeping ATECC tells the host to come back later.
class I2cTarget {
 public:
  virtual ~I2cTarget() = default;

  // Address phase of a write. false = address NACK (the data is never sent).
  virtual bool accept_write() = 0;
  // The bytes the host wrote, after STOP. Returns how many bytes were ACKed; fewer than
  // data.size() means a data NACK at that index (the rest were not taken).
  virtual size_t on_write(std::span<const uint8_t> data) = 0;

  // Address phase of a read. false = address NACK.
  virtual bool accept_read() = 0;
  // Fills out with the bytes the target drives on SDA.
  virtual void on_read(std::span<uint8_t> out) = 0;
};

}  // namespace kb::sim
