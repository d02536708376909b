#include "tools/campaign/device_image.h"

#include <stdexcept>

#include "simulator/bench/bench.h"
#include "simulator/nrf/nrf5340.h"
#include "simulator/stsafe_a120/state_store.h"
#include "simulator/stsafe_a120/stsafe.h"

namespace kb::tools::campaign {

struct DeviceUnderTest::Impl {
  sim::stsafe_a120::Stsafe* stsafe = nullptr;
  sim::nrf::Nrf5340* nrf = nullptr;
};

DeviceUnderTest::DeviceUnderTest(kb::sim::Bench& bench) : impl_(std::make_unique<Impl>()) {
  impl_->stsafe = bench.first<sim::stsafe_a120::Stsafe>();
  if (impl_->stsafe == nullptr) impl_->nrf = bench.first<sim::nrf::Nrf5340>();
  if (impl_->stsafe == nullptr && impl_->nrf == nullptr) {
    throw std::runtime_error("the bench has no device a campaign can cut (an stsafe-a120 or an nrf5340)");
  }
}

DeviceUnderTest::~DeviceUnderTest() = default;

std::string_view DeviceUnderTest::family() const {
  return impl_->stsafe != nullptr ? impl_->stsafe->kind() : impl_->nrf->kind();
}

uint64_t DeviceUnderTest::nvm_words() const {
  return impl_->stsafe != nullptr ? impl_->stsafe->nvm().words_programmed() : impl_->nrf->nvmc_words_programmed();
}

void DeviceUnderTest::arm_power_cut(uint64_t k) {
  if (impl_->stsafe != nullptr) {
    impl_->stsafe->nvm().arm_power_cut_after_words(k);
  } else {
    impl_->nrf->arm_power_cut_after_words(k);
  }
}

bool DeviceUnderTest::power_cut_fired() const {
  return impl_->stsafe != nullptr ? impl_->stsafe->nvm().power_cut_fired() : !impl_->nrf->powered();
}

DeviceImage DeviceUnderTest::image() const {
  if (impl_->stsafe != nullptr) {
    sim::Nvm copy = impl_->stsafe->nvm();
    return sim::stsafe_a120::StateStore(copy).read();
  }
  NrfImage image;
  for (uint32_t i = 0; i < sim::nrf::kUicrWords; ++i) image.uicr[i] = impl_->nrf->uicr_word(4 * i);
  return image;
}

std::string DeviceUnderTest::activity() const {
  return impl_->stsafe != nullptr ? impl_->stsafe->activity() : impl_->nrf->activity();
}

}  // namespace kb::tools::campaign
