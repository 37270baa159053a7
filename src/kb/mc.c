/* mc — placeholder */
#include "kb/noise.h"
