// Any XML-DSig, verified through xmlsec1 with hardened settings; only when --profile generic is asked.
#pragma once

#include <kyso/core/bytes.hpp>
#include <kyso/verify/context.hpp>
#include <kyso/verify/report.hpp>

namespace kyso::xml {

void verify_generic(ByteView document, const verify::Context& context, TimePoint at, verify::DocumentReport& report);

}
