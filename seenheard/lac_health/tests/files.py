"""SSDA903 tables for the demo cast's children, as a council would send them."""

from __future__ import annotations

HEADER = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB,NHS_NUMBER\n"
EPISODES = (
    "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,"
    "REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"
)
AMELIA = "A100,F,02/03/2014,WBRI,T318200115001,0,,999 000 0018\n"
NOAH = "A200,M,30/11/2010,BAFR,UN2,,,9990000034\n"
# Amelia: in care since 6 May 2024, moved placement in 2025 (X1: the period goes on).
AMELIA_EPISODES = (
    "A100,06/05/2024,S,C1,N1,U1,PR1,03/02/2025,X1,CARPL,N1 9AA,N7 6PQ,SC123456\n"
    "A100,03/02/2025,P,C2,N1,U3,PR4,,,,N1 9AA,N19 5QT,SC654321\n"
)
# Noah: looked after for three months in 2023, then home.
NOAH_EPISODES = "A200,01/03/2023,S,V2,N4,K2,PR1,01/06/2023,E13,,N7 6PQ,N7 6PQ,SC111222\n"


def header(*rows: str) -> bytes:
    return (HEADER + "".join(rows)).encode()


def episodes(*rows: str) -> bytes:
    return (EPISODES + "".join(rows)).encode()
