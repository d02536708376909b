#include "tools/campaign/instrumented_buses.h"

namespace kb::tools::campaign {

hal::I2cResult TappedI2c::do_transfer(uint8_t address7, std::span<const uint8_t> tx, std::span<uint8_t> rx) {
  RawTransaction t;
  t.kind = tx.empty() ? RawTransaction::Kind::kI2cRead
                      : (rx.empty() ? RawTransaction::Kind::kI2cWrite : RawTransaction::Kind::kI2cWriteRead);
  t.address = address7;
  t.tx = tx;
  t.rx_length = rx.size();
  tap_.before(t);
  // Once cut, the inner initiator sees the dead bench and answers as silicon would (address NACK).
  if (!tx.empty() && !rx.empty()) return inner_.write_read(address7, tx, rx);
  if (!rx.empty()) return inner_.read(address7, rx);
  return inner_.write(address7, tx);
}

uint32_t TappedRegisterBus::read32(uint32_t address) {
  RawTransaction t;
  t.kind = RawTransaction::Kind::kRegisterRead;
  t.address = address;
  tap_.before(t);
  return inner_.read32(address);
}

void TappedRegisterBus::write32(uint32_t address, uint32_t value) {
  RawTransaction t;
  t.kind = RawTransaction::Kind::kRegisterWrite;
  t.address = address;
  t.value = value;
  tap_.before(t);
  inner_.write32(address, value);
}

}  // namespace kb::tools::campaign
