"""Regenerates the *.json files here: every reference yaml merged into its task's defaults by the
ORIGINAL code's update_config, as plain JSON (tuples as lists, TRAIN.LR_STEP as a list of floats,
TRAIN.LOSS_LOGGERS as "output,Display" strings, the forms our loader dumps).

usage: python3 generate.py ORIGINAL_VL_BERT_CHECKOUT REFERENCE_CFGS_DIR
Needs PyYAML; easydict is replaced by a small stand-in if it is not installed.
"""
import glob, importlib.util, json, os, sys, types

import yaml

checkout, cfgs = sys.argv[1], sys.argv[2]

if "easydict" not in sys.modules:
    try:
        import easydict  # noqa: F401
    except ImportError:
        class EasyDict(dict):
            def __init__(self, d=None):
                super().__init__()
                for k, v in (d or {}).items():
                    setattr(self, k, v)

            def __setattr__(self, k, v):
                if isinstance(v, (list, tuple)):
                    v = type(v)(EasyDict(x) if isinstance(x, dict) else x for x in v)
                elif isinstance(v, dict) and not isinstance(v, EasyDict):
                    v = EasyDict(v)
                dict.__setitem__(self, k, v)
                object.__setattr__(self, k, v)

            __setitem__ = __setattr__

        sys.modules["easydict"] = types.SimpleNamespace(EasyDict=EasyDict)

_load = yaml.load
yaml.load = lambda f, Loader=yaml.FullLoader: _load(f, Loader=Loader)  # the original predates Loader=


def plain(x):
    if isinstance(x, dict):
        return {k: plain(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [plain(v) for v in x]
    return x


for path in sorted(glob.glob(os.path.join(cfgs, "*", "*.yaml"))):
    task = os.path.basename(os.path.dirname(path))
    spec = importlib.util.spec_from_file_location("config_" + task, os.path.join(checkout, task, "function", "config.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # fresh defaults for every file
    module.update_config(path)
    resolved = plain(dict(module.config))
    resolved["TRAIN"]["LR_STEP"] = [float(s) for s in resolved["TRAIN"]["LR_STEP"]]
    resolved["TRAIN"]["LOSS_LOGGERS"] = [",".join(t) for t in resolved["TRAIN"]["LOSS_LOGGERS"]]
    os.makedirs(task, exist_ok=True)
    with open(os.path.join(task, os.path.basename(path)[:-5] + ".json"), "w") as f:
        json.dump(resolved, f, indent=1)
        f.write("\n")
