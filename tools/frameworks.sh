# Sourced by the make scripts: `use_frameworks NAME ARGS...` sets the array
# `fws` to ARGS (all four when empty) and stops on an unknown name.
known="mxnet pytorch tensorflow jax"
# The frameworks whose notebooks run on Colab (and so in .venv/colab).
colab_frameworks="pytorch tensorflow jax"
use_frameworks() {
  local cmd=$1 fw
  shift
  fws=("$@")
  [ ${#fws[@]} -gt 0 ] || fws=($known)
  for fw in "${fws[@]}"; do
    case " $known " in *" $fw "*) ;; *)
      echo "make $cmd: unknown framework '$fw'; use FW with some of: $known" >&2
      exit 2;;
    esac
  done
}
