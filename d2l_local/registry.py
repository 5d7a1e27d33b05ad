"""The one list of the book's frameworks and languages.

Everything that needs to know which frameworks or languages exist reads them
here: d2l_local, d2l_build (the markup, the splitter, the execution record,
the machine checks), the Sphinx extensions, the tests and, through the
command line below, the Makefile and the shell scripts. Adding a framework is
an edit of this file plus content (a d2l_local module, a
d2l_build/frameworks module, requirements, chapter text); adding a language
is an entry here with its interface strings plus its chapters and book
folder. `tests/consistency/test_registry_is_the_only_list.py` fails on a
list of the frameworks or languages anywhere else.

Stdlib only: it is imported by the package that Colab installs and run by
the system ``python3`` from shell::

    python3 -m d2l_local.registry frameworks              # mxnet pytorch ...
    python3 -m d2l_local.registry frameworks --field env  # one value a key
    python3 -m d2l_local.registry languages
    python3 -m d2l_local.registry translations            # all but the source
    python3 -m d2l_local.registry check pytorch jax       # exit 2 if unknown
    python3 -m d2l_local.registry environments --json     # CI's job matrix
"""

import argparse
import json
import sys
from dataclasses import dataclass, field, fields
from pathlib import Path

# Why MXNet cannot run on Colab, said once; every page, notebook and error
# message that explains it takes the words from here.
_MXNET_COLAB_NOTE = {
    'en': (
        'Colab provides Python 3.13 and numpy 2, whereas MXNet 1.9.1, the '
        'last MXNet release, needs a numpy older than 1.24, and no such numpy '
        'exists for Python 3.13.'
    ),
    'zh': (
        'Colab 提供的是 Python 3.13 和 numpy 2，而 MXNet 的最后一个版本 1.9.1 '
        '要求 numpy 低于 1.24，这样旧的 numpy 没有适用于 Python 3.13 的版本。'
    ),
}
# The same fact as a one-line error for code (raised by the notebook's
# set-up cell when it finds itself in Colab).
_MXNET_COLAB_ERROR = (
    'MXNet 1.9.1 cannot run on current Colab: Colab has Python 3.13 and '
    'numpy 2, while MXNet 1.9.1 needs numpy < 1.24, which does not exist '
    'for Python 3.13.'
)


@dataclass(frozen=True)
class Framework:
    key: str  # used in `%%tab <key>`, paths notebooks/<lang>/<key>/, FW=...
    module: str  # d2l_local.<module>
    env: str  # .venv/<env>, requirements/<env>.in and .lock
    name: str  # display name in tabs and text
    colab: bool = True  # runs on current Colab
    colab_note: dict = field(default_factory=dict)  # lang -> why not, if not
    colab_error: str = ''  # the same as a one-line error message
    aliases: tuple = ()  # other names d2l_local accepts for the module
    packages: tuple = ()  # its pip packages, as named in requirements/colab.in


@dataclass(frozen=True)
class Language:
    code: str  # chapters/<code>/, notebooks/<code>/
    name: str  # its own name, for the language switch
    sphinx: str  # Sphinx `language`
    html: str  # the HTML lang attribute
    strings: dict = field(default_factory=dict)  # interface text by key
    # The language its chapters translate ('' for the source language, the
    # one whose notebooks are executed and whose book is the site's root; a
    # translation's book is built from <code>/ and lives under <code>/).
    translates: str = ''


FRAMEWORKS = (
    Framework(
        'mxnet',
        'mxnet',
        'mxnet',
        'MXNet',
        colab=False,
        colab_note=_MXNET_COLAB_NOTE,
        colab_error=_MXNET_COLAB_ERROR,
    ),
    Framework(
        'pytorch',
        'torch',
        'pytorch',
        'PyTorch',
        aliases=('torch',),
        packages=('torch',),
    ),
    Framework(
        'tensorflow',
        'tensorflow',
        'tensorflow',
        'TensorFlow',
        packages=('tensorflow', 'keras'),
    ),
    Framework('jax', 'jax', 'jax', 'JAX', packages=('jax', 'flax', 'optax')),
)
# The tab shown first, before a reader picks one.
DEFAULT_FRAMEWORK = 'pytorch'
# The environment that mirrors Colab's versions, for every framework that
# runs there (.venv/colab, requirements/colab.in).
COLAB_ENV = 'colab'

LANGUAGES = (
    Language(
        'en',
        'English',
        'en',
        'en',
        {
            # tabs of the HTML book
            'no_code': 'This step needs no separate {name} code.',
            'no_prose': 'Nothing specific to {name} here.',
            'no_output': '(no output)',
            'figure': 'Figure drawn by the {name} code',
            # worked answers: the book's dropdown, a notebook's line
            'answer_title': 'Try it yourself first',
            'answer_line': '**Answer**',
            # joins a list of names in running text
            'list_sep': ', ',
            # download menu of a chapter page
            'download_notebook': '{fw} notebook',
            'download_pdf': '{fw} PDF',
            'download_tip_nb': 'Download the {fw} notebook (.ipynb)',
            'download_tip_pdf': 'Download this page with the {fw} code as PDF',
            # execution report (d2l_build/execution_record.py)
            'report_title': 'Execution report',
            'report_description': (
                'When, where and with which versions each notebook behind the book '
                'was executed, how long its fits took, and how CI checks its outputs.'
            ),
            'report_intro': (
                'Every number in this book was printed by one of the notebooks below. '
                "`make notebooks` executed each of them in its framework's own environment "
                'and recorded how; nothing here was run by the book build. '
                'CI re-executes every cell with nbval and compares printed text exactly, '
                'training metrics within the tolerance each table states.'
            ),
            'report_heading': '{title} ({language})',
            'report_corner': 'Recorded',
            'report_notebook': 'Notebook',
            'report_executed': 'Executed (UTC)',
            'report_seconds': 'Whole notebook',
            'report_fit': 'Fit: {section}',
            'report_python': 'Python',
            'report_framework': 'Framework',
            'report_numpy': 'NumPy',
            'report_cpu': 'CPU capability used',
            'report_rule': 'CI check',
            'report_missing': 'not recorded: run `make notebooks`',
            'report_rule_text': 'text exact; metrics within ±{tol:g}',
            # page header
            'colab': 'Open this page in Colab:',
            # MyST; {target} is the label of the page's "run locally" part
            'not_on_colab': 'not runnable on Colab: {note} Run it locally '
            'with `make notebooks` (see {{ref}}`{target}`).',
            'run_locally_label': 'run-locally',
            # title page of a PDF
            'pdf_contents': 'Contents',
            'pdf_framework': 'Code: {fw}',
            'pdf_language': 'Language: {language}',
            'pdf_note': 'This PDF shows the {fw} version of the page; the online '
            'book and the notebooks hold all four frameworks.',
            # first cell of a per-framework notebook
            'colab_tested': (
                "Tested with the versions of Colab's runtime of {date}: "
                'Python {python}, {versions}.'
            ),
            'setup_colab': (
                '**Running this notebook.** This is the {name} version of '
                '*{title}*, a page of the book [{repo}]({url}). In Colab, run '
                'the cells from the top: the first code cell installs the '
                "small helper package `d2l_local` from the book's repository, "
                'and Fashion-MNIST is downloaded the first time it is needed. '
                'Locally, in the environment that `make notebooks FW={fw}` '
                'builds, that cell does nothing. {tested}'
            ),
            'setup_local': (
                '**Running this notebook.** This is the {name} version of '
                '*{title}*, a page of the book [{repo}]({url}).\n\n'
                '**It cannot run on current Colab.** {note} Run it locally '
                'instead, in the environment the repository builds for '
                '{name}:\n\n'
                '```bash\n'
                'git clone {url}\n'
                'cd {dirname}\n'
                'make notebooks FW={fw}  # build the {name} environment, '
                'run this notebook\n'
                'make test FW={fw}       # or: run the tests, which re-run it\n'
                '```\n\n'
                'The first code cell stops with this explanation when it finds '
                'itself in Colab; locally it does nothing.'
            ),
        },
    ),
    Language(
        'zh',
        '中文',
        'zh_CN',
        'zh-CN',
        {
            'no_code': '这一步在 {name} 中不需要单独的代码。',
            'no_prose': '{name} 在这里没有需要特别说明的地方。',
            'no_output': '（无输出）',
            'figure': '{name} 代码绘制的图',
            'answer_title': '先自己动手试试',
            'answer_line': '**解答**',
            'list_sep': '、',
            'download_notebook': '{fw} 笔记本',
            'download_pdf': '{fw} PDF',
            'download_tip_nb': '下载 {fw} 版笔记本（.ipynb）',
            'download_tip_pdf': '下载本页的 {fw} 版 PDF',
            'report_title': '执行报告',
            'report_description': '本书背后每个笔记本的执行时间、环境与库版本、训练耗时，以及 CI 如何核对它们的输出。',
            'report_intro': (
                '本书中的每个数字都由下列笔记本之一输出。`make notebooks` 在各框架自己的环境中执行了它们，'
                '并记录了执行情况；图书构建时没有运行任何代码。'
                'CI 用 nbval 重新执行每个代码单元，打印的文本须逐字一致，训练指标须在各表所列的误差范围内。'
            ),
            'report_heading': '{title}（{language}）',
            'report_corner': '记录项',
            'report_notebook': '笔记本',
            'report_executed': '执行时间（UTC）',
            'report_seconds': '整个笔记本',
            'report_fit': '训练：{section}',
            'report_python': 'Python',
            'report_framework': '框架',
            'report_numpy': 'NumPy',
            'report_cpu': '框架使用的 CPU 指令集',
            'report_rule': 'CI 检查',
            'report_missing': '未记录：请运行 `make notebooks`',
            'report_rule_text': '文本逐字一致；指标误差不超过 ±{tol:g}',
            'colab': '在 Colab 中打开本页：',
            'not_on_colab': '无法在 Colab 上运行：{note}请在本地用 '
            '`make notebooks` 运行（见 {{ref}}`{target}`）。',
            'run_locally_label': 'zh-run-locally',
            'pdf_contents': '目录',
            'pdf_framework': '代码：{fw}',
            'pdf_language': '语言：{language}',
            'pdf_note': '本 PDF 只含本页的 {fw} 版本；在线图书和笔记本包含全部 4 个框架的版本。',
            'colab_tested': (
                '本笔记本已用 {date} Colab 运行时的版本测试过：Python {python}、{versions}。'
            ),
            'setup_colab': (
                '**如何运行本笔记本**：这是 [{repo}]({url}) 一书中'
                '《{title}》一节的 {name} 版本。在 Colab 中，请从头依次运行各代码单元：'
                '第一个代码单元会从本书的仓库安装小型辅助包 `d2l_local`，'
                'Fashion-MNIST 数据集会在首次用到时自动下载。在本地由 '
                '`make notebooks FW={fw}` 构建的环境中，这个代码单元什么也不做。{tested}'
            ),
            'setup_local': (
                '**如何运行本笔记本**：这是 [{repo}]({url}) 一书中'
                '《{title}》一节的 {name} 版本。\n\n'
                '**它无法在当前的 Colab 上运行。** {note}请在本地运行，'
                '使用仓库为 {name} 构建的环境：\n\n'
                '```bash\n'
                'git clone {url}\n'
                'cd {dirname}\n'
                'make notebooks FW={fw}  # 构建 {name} 环境并运行本笔记本\n'
                'make test FW={fw}       # 或者运行测试，测试会重新执行本笔记本\n'
                '```\n\n'
                '第一个代码单元若发现自己运行在 Colab 中，会给出上述说明并终止运行；'
                '在本地它什么也不做。'
            ),
        },
        translates='en',
    ),
)


def framework_keys():
    """('mxnet', 'pytorch', 'tensorflow', 'jax'): the book's tab order."""
    return tuple(f.key for f in FRAMEWORKS)


def environments():
    """The environments that run suites of their own, one CI job each: every
    framework's, in tab order, then Colab's mirror if a framework runs there.
    (The book's and the tools' environments serve the book job.)"""
    envs = list(dict.fromkeys(f.env for f in FRAMEWORKS))
    if any(f.colab for f in FRAMEWORKS):
        envs.append(COLAB_ENV)
    return tuple(envs)


def language_codes():
    return tuple(lang.code for lang in LANGUAGES)


def source_language():
    """The code of the language the others translate ('en')."""
    return next(lang.code for lang in LANGUAGES if not lang.translates)


def translations():
    """The codes of the languages that translate the source, in order."""
    return tuple(lang.code for lang in LANGUAGES if lang.translates)


def book_sites():
    """{code: {'site': its book's folder in the site, 'toc': its table of
    contents}}: the source language's book is the site's root and uses
    `_toc.yml`; a translation's is built from `<code>/` into `<code>/`."""
    return {
        lang.code: (
            {'site': f'{lang.code}/', 'toc': f'{lang.code}/_toc.yml'}
            if lang.translates
            else {'site': '', 'toc': '_toc.yml'}
        )
        for lang in LANGUAGES
    }


def _choices(items, attr):
    return ', '.join(repr(getattr(item, attr)) for item in items)


def framework(name):
    """The Framework for a key or alias ('pytorch', 'torch', 'jax'...)."""
    wanted = str(name).lower()
    for fw in FRAMEWORKS:
        if wanted == fw.key or wanted == fw.module or wanted in fw.aliases:
            return fw
    raise LookupError(
        f'unknown framework {name!r}; the book has {_choices(FRAMEWORKS, "key")}'
        ' (PyTorch may also be called torch).'
    )


def language(code):
    for lang in LANGUAGES:
        if lang.code == code:
            return lang
    raise LookupError(
        f'unknown language {code!r}; the book has {_choices(LANGUAGES, "code")}.'
    )


def text(lang, key, **values):
    """An interface string of a language, filled in with `values`."""
    return language(lang).strings[key].format(**values)


# -- command line, for the Makefile and the shell scripts ---------------------
def _values(items, attr):
    names = [f.name for f in fields(items[0])]
    if attr not in names:
        raise SystemExit(f'registry: no field {attr!r}; use one of {names}')
    return [str(getattr(item, attr)) for item in items]


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog='python3 -m d2l_local.registry',
        description='Print the frameworks or languages of the book.',
    )
    parser.add_argument(
        'what',
        choices=[
            'frameworks',
            'languages',
            'translations',
            'sites',
            'environments',
            'check',
        ],
    )
    parser.add_argument('names', nargs='*', help='with check: framework keys to check')
    parser.add_argument(
        '--field', default=None, help='print this field instead of the key'
    )
    parser.add_argument(
        '--sep', default=' ', help='separator between values (default: space)'
    )
    parser.add_argument(
        '--json', action='store_true', help='print a JSON list (for CI matrices)'
    )
    args = parser.parse_args(argv)
    if args.what == 'check':
        keys = framework_keys()
        unknown = [n for n in args.names if n not in keys]
        if unknown:
            print(
                f'unknown framework {", ".join(unknown)}; use FW with some of: '
                + ' '.join(keys),
                file=sys.stderr,
            )
            return 2
        return 0
    if args.what == 'sites':
        # A line a translation: its code, its source folder, its site folder.
        for code in translations():
            where = book_sites()[code]
            print(
                code,
                str(Path(where['toc']).parent),
                where['site'].rstrip('/'),
                sep='\t',
            )
        return 0
    if args.what == 'translations':
        values = list(translations())
    elif args.what == 'environments':
        values = list(environments())
    else:
        items = FRAMEWORKS if args.what == 'frameworks' else LANGUAGES
        attr = args.field or ('key' if args.what == 'frameworks' else 'code')
        values = _values(items, attr)
    print(json.dumps(values) if args.json else args.sep.join(values))
    return 0


if __name__ == '__main__':
    sys.exit(main())
