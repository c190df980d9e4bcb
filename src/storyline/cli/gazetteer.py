"""``storyline gazetteer``: build the offline gazetteer, import GeoNames dumps."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

gazetteer_app = typer.Typer(help="Build and extend the offline gazetteer.", no_args_is_help=True)


@gazetteer_app.command("build")
def build_cli(
    path: Annotated[Path | None, typer.Option(help="Where to write it.")] = None,
    if_missing: Annotated[
        bool,
        typer.Option(help="Do nothing when it exists and was built from the current data."),
    ] = False,
) -> None:
    """Build the gazetteer index from the installed GeoNames data."""
    from ..config import get_settings
    from ..resolve.gazetteer import build_gazetteer, is_current

    target = path or get_settings().gazetteer_path
    if if_missing and is_current(target):
        return
    build_gazetteer(target)
    typer.echo(f"gazetteer written to {target}")


@gazetteer_app.command("import")
def import_cli(
    dump: Annotated[Path, typer.Argument(help="GeoNames dump: allCountries.txt, SY.txt or .zip.")],
    path: Annotated[Path | None, typer.Option(help="The gazetteer to extend.")] = None,
) -> None:
    """Add a GeoNames dump (standard tab-separated format) for village-level coverage."""
    from ..config import get_settings
    from ..resolve.gazetteer import Gazetteer, import_geonames_dump

    target = path or get_settings().gazetteer_path
    Gazetteer.open(target)  # builds the base index first when missing
    added = import_geonames_dump(target, dump)
    typer.echo(f"{added} places imported from {dump} into {target}")
