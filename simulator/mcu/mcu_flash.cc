#include "simulator/mcu/mcu_flash.h"

#include <cstdio>
#include <stdexcept>

namespace kb::sim::mcu {

NvmGeometry mcu_flash_geometry() {
  NvmGeometry g;
  g.size = kMcuFlashBytes;
  g.page_size = kMcuFlashPageBytes;
  g.word_size = 4;
  g.erased_value = 0xFF;
  g.program_clears_bits_only = true;
  g.program_word_ns = kMcuFlashWordProgramNs;
  g.erase_page_ns = kMcuFlashPageEraseNs;
  return g;
}

McuFlash::McuFlash() : nvm_(mcu_flash_geometry()) {}

nlohmann::json McuFlash::save_state() const {
  return nlohmann::json{{"nvm", nvm_.to_json()}};
}

void McuFlash::load_state(const JsonView& state) {
  state.expect_only({"nvm"});
  // Nvm::load_json checks the whole snapshot before it changes anything.
  const nlohmann::json empty = nlohmann::json::object();
  try {
    nvm_.load_json(state.has("nvm") ? state.at("nvm").raw() : empty);
  } catch (const std::invalid_argument& e) {
    (state.has("nvm") ? state.at("nvm") : state).fail(e.what());
  }
}

std::string McuFlash::activity() const {
  const auto& w = nvm_.current_write();
  if (!w) return {};
  const char* what = w->kind == NvmWrite::Kind::kErasePage ? "page erase" : "word program";
  return std::string("MCU flash ") + what + " at 0x" + [&] {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04zx", w->offset);
    return std::string(buf);
  }();
}

}  // namespace kb::sim::mcu
