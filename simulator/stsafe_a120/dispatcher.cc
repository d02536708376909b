#include "simulator/stsafe_a120/dispatcher.h"

namespace kb::sim::stsafe_a120 {

CommandHandler standard_handler(uint8_t code) {
  switch (code) {
    case 0x00: return run_echo;
    case 0x01: return run_reset;
    case 0x02: return run_generate_random;
    case 0x10: return run_put_attribute;
    case 0x14: return run_query;
  }
  return nullptr;
}

CommandHandler extended_handler(uint8_t ext_code) {
  switch (ext_code) {
    case 0x07: return run_write_host_key_v2_plaintext;
  }
  return nullptr;
}

Response dispatch(const CommandFrame& frame, CommandContext& context) {
  if (frame.is_protected()) return Response::error(Status::kAccessConditionNotSatisfied);
  CommandHandler handler = frame.ext_code ? extended_handler(*frame.ext_code) : standard_handler(frame.code);
  if (handler == nullptr) return Response::error(Status::kCommandCodeNotSupported);
  return handler(context, frame.payload);
}

}  // namespace kb::sim::stsafe_a120
